using System.Net;
using Custody.Intake.Tests.Support;
using Custody.ServiceDefaults.Authentication;

namespace Custody.Intake.Tests;

public sealed class when_callers_are_not_authorised(IntakeFixture intake)
{
    [Fact]
    public async Task submitting_without_a_token_is_401_problem_details_and_nothing_is_stored()
    {
        using var anonymous = intake.Client();
        var request = IntakeFixture.ValidRequest();

        using var response = await anonymous.SubmitAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(401, (await response.ProblemAsync()).GetProperty("status").GetInt32());
        using var app = intake.App();
        using var shown = await app.ShowAsync(request.RequestId);
        Assert.Equal(HttpStatusCode.NotFound, shown.StatusCode);
    }

    [Fact]
    public async Task reading_without_a_token_is_401()
    {
        using var anonymous = intake.Client();
        using var response = await anonymous.ShowAsync("anything");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task an_approver_cannot_submit_requests()
    {
        using var approver = intake.Client("alice", ServiceRoles.Approver);

        using var response = await approver.SubmitAsync(IntakeFixture.ValidRequest());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(403, (await response.ProblemAsync()).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task a_token_without_roles_can_neither_submit_nor_read()
    {
        using var nobody = intake.Client("mallory");

        using var submitted = await nobody.SubmitAsync(IntakeFixture.ValidRequest());
        using var read = await nobody.ShowAsync("anything");

        Assert.Equal(HttpStatusCode.Forbidden, submitted.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
    }

    [Fact]
    public async Task an_app_reads_only_its_own_requests_and_an_approver_reads_any()
    {
        using var owner = intake.App("app-owner");
        using var other = intake.App("app-other");
        using var approver = intake.Client("alice", ServiceRoles.Approver);
        var request = IntakeFixture.ValidRequest();
        using var submitted = await owner.SubmitAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);

        using var byOwner = await owner.ShowAsync(request.RequestId);
        using var byOther = await other.ShowAsync(request.RequestId);
        using var byApprover = await approver.ShowAsync(request.RequestId);

        Assert.Equal(HttpStatusCode.OK, byOwner.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byOther.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byApprover.StatusCode);
    }

    [Fact]
    public async Task a_token_for_another_audience_is_401()
    {
        using var client = intake.Client();
        client.DefaultRequestHeaders.Authorization = new("Bearer", intake.Issuer.Issue("payments-app", [ServiceRoles.UpstreamApp], "another-service"));

        using var response = await client.SubmitAsync(IntakeFixture.ValidRequest());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
