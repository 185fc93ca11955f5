using System.Diagnostics;
using System.Net;
using System.Text;
using Custody.Intake.Tests.Support;
using Custody.Messaging;
using Custody.Testing;

namespace Custody.Intake.Tests;

/// <summary>
/// 1,000 random malformed Pub/Sub messages and 1,000 malformed HTTP bodies (seeded, so a failure reproduces), mixed
/// with valid requests: every malformed input is rejected or dead-lettered with a reason, none is dropped, and the
/// valid requests keep flowing.
/// </summary>
public sealed class when_fed_garbage(IntakeFixture intake)
{
    private const int Count = 1000;
    private const int Seed = 20261203;
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task every_malformed_pubsub_message_is_rejected_or_dead_lettered_while_valid_requests_flow()
    {
        var random = new Random(Seed);
        var clock = Stopwatch.StartNew();
        var expectations = new List<(string Marker, string RequestId, bool Parsable)>();
        var valid = new List<string>();
        var publishes = new List<Task>();
        for (var i = 0; i < Count; i++)
        {
            var (body, requestId, parsable) = Garbage.Next(random);
            var marker = $"garbage-{Seed}-{i}-{IntakeFixture.NewId("m")}";
            var attributes = EventEnvelope.Create(IntakeFixture.ValidRequest(), IntakeTopology.Requested, "//tests/fuzzer", null).Attributes;
            publishes.Add(intake.PublishRawAsync(body, IntakeFixture.WithMarker(attributes, marker)));
            expectations.Add((marker, requestId, parsable));
            if (i % 50 == 0)
            {
                var request = IntakeFixture.ValidRequest();
                valid.Add(request.RequestId);
                publishes.Add(intake.PublishAsync(request));
            }
        }

        await Task.WhenAll(publishes);
        var unsettled = () => $"{expectations.Count(e => !Settled(e.Marker, e.RequestId))} malformed messages unsettled (validated by mistake: {expectations.Count(e => intake.Observer.ValidatedCount(e.RequestId) > 0)}), {valid.Count(v => intake.Observer.ValidatedCount(v) != 1)} valid requests not validated";
        await Eventually.UntilAsync(
            () => expectations.All(e => Settled(e.Marker, e.RequestId)) && valid.All(v => intake.Observer.ValidatedCount(v) == 1),
            Bound, "every malformed message settled and every valid request validated", TestContext.Current.CancellationToken).ContinueWith(
            t => t.IsFaulted ? throw new TimeoutException(unsettled(), t.Exception) : t, TestContext.Current.CancellationToken, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).Unwrap();

        foreach (var (marker, requestId, parsable) in expectations)
        {
            if (intake.Observer.DeadLetters.TryGetValue(marker, out var dead))
            {
                Assert.False(string.IsNullOrWhiteSpace(dead.Attributes["custody-dead-letter-reason"]));
                Assert.False(string.IsNullOrWhiteSpace(dead.Attributes["custody-dead-letter-detail"]));
            }
            else
            {
                Assert.True(parsable, $"{marker} was not dead-lettered but is unparsable");
                Assert.All(intake.Observer.Rejected[requestId], r => Assert.NotEmpty(r.Details!));
            }
        }

        Assert.True(clock.Elapsed < Bound);
    }

    [Fact]
    public async Task every_malformed_http_body_is_refused_with_a_reason_while_valid_requests_flow()
    {
        var random = new Random(Seed + 1);
        using var app = intake.App("fuzzing-app");
        var statuses = new Dictionary<HttpStatusCode, int>();
        for (var i = 0; i < Count; i++)
        {
            var (body, _, _) = Garbage.Next(random);
            using var response = await app.SubmitRawAsync(Encoding.UTF8.GetString(body.Span));
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.UnprocessableEntity, HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.Conflict });
            var problem = await response.ProblemAsync();
            Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                // In the contract's words ("$.path: reason"), never the parser's positions or .NET type names.
                Assert.StartsWith("$", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }

            if (response.StatusCode == HttpStatusCode.UnprocessableEntity)
            {
                Assert.NotEmpty(await response.ReasonsAsync());
            }

            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
            if (i % 50 == 0)
            {
                using var accepted = await app.SubmitAsync(IntakeFixture.ValidRequest());
                Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            }
        }

        // The generator reaches every refusal class (otherwise the test would prove less than it claims).
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.BadRequest) > 0 && statuses.GetValueOrDefault(HttpStatusCode.UnprocessableEntity) > 0 && statuses.GetValueOrDefault(HttpStatusCode.RequestEntityTooLarge) > 0, "statuses: " + string.Join(", ", statuses.Select(s => $"{(int)s.Key} x{s.Value}")));
    }

    private bool Settled(string marker, string requestId) =>
        intake.Observer.DeadLetters.ContainsKey(marker) || intake.Observer.RejectedCount(requestId) > 0;
}
