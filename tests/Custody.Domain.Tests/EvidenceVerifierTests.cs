using System.Numerics;
using System.Security.Cryptography;
using Custody.Contracts.Approvals;
using Custody.Domain.Approvals;
using Custody.Domain.Hashing;
using Custody.Domain.Intents;
using Custody.Domain.Policies;
using Custody.Domain.Tests.Support;
using R = Custody.Domain.Approvals.EvidenceFailureReason;

namespace Custody.Domain.Tests;

/// <summary>
/// The token-to-whitelist rule needs 2 of {alice, bob, carol} and the mandatory dave. Mallory is a
/// registered approver outside the rule; eve is not registered at all.
/// </summary>
public sealed class when_signing_parties_verify_approval_evidence : IDisposable
{
    private static readonly Policy Treasury = PolicyFiles.Parse(PolicyFiles.Treasury);
    private static readonly DateTimeOffset DecidedAt = Samples.Now.AddMinutes(-10);
    private static readonly DateTimeOffset Expiry = Samples.Now.AddMinutes(30);

    private readonly Dictionary<string, ECDsa> _keys = new[] { "alice", "bob", "carol", "dave", "mallory", "eve" }
        .ToDictionary(id => id, _ => ECDsa.Create(ECCurve.NamedCurves.nistP256));

    private readonly ApproverRegistry _registry;
    private readonly TransactionIntent _intent = Samples.Intent(Samples.Erc20Transfer(Samples.Token, Samples.Bob, 1));

    public when_signing_parties_verify_approval_evidence()
    {
        _registry = new ApproverRegistry(_keys.Where(k => k.Key != "eve")
            .Select(k => ApproverKey.Create(k.Key, k.Value.ExportSubjectPublicKeyInfo())));
    }

    public void Dispose()
    {
        foreach (var key in _keys.Values)
        {
            key.Dispose();
        }
    }

    private SignedApproval Approve(string approver, string? requestId = null, Hash32? intentHash = null, Hash32? policyId = null,
        ApprovalDecision decision = ApprovalDecision.Approve, DateTimeOffset? expiresAt = null) =>
        ApprovalSigner.Sign(_keys[approver], approver, requestId ?? _intent.RequestId, intentHash ?? _intent.Hash,
            policyId ?? Treasury.Id, decision, expiresAt ?? Expiry);

    private EvidenceVerdict Verify(TransactionIntent intent, string ruleId, params SignedApproval[] approvals) =>
        EvidenceVerifier.Verify(new ApprovalEvidence(Treasury.Id.ToString(), ruleId, approvals, DecidedAt), intent, Treasury, _registry, Samples.Now);

    private EvidenceVerdict Verify(params SignedApproval[] approvals) => Verify(_intent, "token-to-whitelist", approvals);

    [Fact]
    public void quorum_plus_the_mandatory_approver_approves()
    {
        var verdict = Verify(Approve("alice"), Approve("bob"), Approve("carol"), Approve("dave"));
        Assert.True(verdict.IsApproved, string.Join("; ", verdict.Failures));
        Assert.Equal(PolicyDecisionKind.RequireApproval, verdict.Decision.Kind);
    }

    [Fact]
    public void an_allow_decision_needs_no_approvals() =>
        Assert.True(Verify(Samples.Intent(Samples.Native(Samples.Exchange, 10)), "small-native-to-exchange").IsApproved);

    [Fact]
    public void a_tampered_signature_is_a_bad_signature()
    {
        var good = Approve("alice");
        var bytes = Convert.FromHexString(good.Signature[2..]);
        bytes[10] ^= 1;
        var verdict = Verify(good with { Signature = "0x" + Convert.ToHexStringLower(bytes) }, Approve("bob"), Approve("carol"), Approve("dave"));
        AssertOnly(verdict, R.BadSignature, "alice");
    }

    [Fact]
    public void a_signature_by_someone_else_under_an_approvers_name_is_a_bad_signature()
    {
        var forged = ApprovalSigner.Sign(_keys["mallory"], "alice", _intent.RequestId, _intent.Hash, Treasury.Id, ApprovalDecision.Approve, Expiry);
        AssertOnly(Verify(forged, Approve("bob"), Approve("carol"), Approve("dave")), R.BadSignature, "alice");
    }

    [Fact]
    public void a_changed_expiry_breaks_the_signature()
    {
        var extended = Approve("alice") with { ExpiresAt = Expiry.AddMinutes(5) };
        AssertOnly(Verify(extended, Approve("bob"), Approve("carol"), Approve("dave")), R.BadSignature, "alice");
    }

    [Fact]
    public void an_approval_for_another_request_is_named_as_such() =>
        AssertOnly(Verify(Approve("alice", requestId: "req-other"), Approve("bob"), Approve("carol"), Approve("dave")), R.OtherRequest, "alice");

    [Fact]
    public void an_approval_for_another_intent_is_named_as_such()
    {
        var other = Samples.Intent(Samples.Erc20Transfer(Samples.Token, Samples.Bob, 2));
        AssertOnly(Verify(Approve("alice", intentHash: other.Hash), Approve("bob"), Approve("carol"), Approve("dave")), R.OtherIntent, "alice");
    }

    [Fact]
    public void an_approval_under_another_policy_is_named_as_such()
    {
        var otherPolicy = PolicyFiles.Parse(PolicyFiles.WithRules("""{ "id": "x", "action": { "type": "ALLOW" } }""")).Id;
        AssertOnly(Verify(Approve("alice", policyId: otherPolicy), Approve("bob"), Approve("carol"), Approve("dave")), R.OtherPolicy, "alice");
    }

    [Fact]
    public void an_approver_outside_the_rules_groups_does_not_count() =>
        AssertOnly(Verify(Approve("mallory"), Approve("bob"), Approve("carol"), Approve("dave")), R.ApproverNotInGroup, "mallory");

    [Fact]
    public void an_approver_missing_from_the_registry_is_unknown() =>
        Assert.Contains(Verify(Approve("eve"), Approve("alice"), Approve("bob"), Approve("carol"), Approve("dave")).Failures,
            f => f.Reason == R.UnknownApprover && f.Subject == "eve");

    [Fact]
    public void a_double_vote_is_refused_and_does_not_make_a_quorum()
    {
        var verdict = Verify(Approve("alice"), Approve("alice"), Approve("dave"));
        Assert.Contains(verdict.Failures, f => f.Reason == R.DoubleVote && f.Subject == "alice");
        Assert.Contains(verdict.Failures, f => f.Reason == R.QuorumNotMet && f.Subject == "treasury");
    }

    [Fact]
    public void an_approval_expiring_now_has_expired() =>
        AssertOnly(Verify(Approve("alice", expiresAt: Samples.Now), Approve("bob"), Approve("carol"), Approve("dave")), R.Expired, "alice");

    [Fact]
    public void an_approval_expiring_one_second_from_now_is_still_valid() =>
        Assert.True(Verify(Approve("alice", expiresAt: Samples.Now.AddSeconds(1)), Approve("bob"), Approve("carol"), Approve("dave")).IsApproved);

    [Fact]
    public void an_approval_expiring_exactly_when_the_window_closes_is_valid() =>
        Assert.True(Verify(Approve("alice", expiresAt: DecidedAt.AddHours(1)), Approve("bob"), Approve("carol"), Approve("dave")).IsApproved);

    [Fact]
    public void an_approval_outliving_the_approval_window_is_refused() =>
        AssertOnly(Verify(Approve("alice", expiresAt: DecidedAt.AddHours(1).AddSeconds(1)), Approve("bob"), Approve("carol"), Approve("dave")),
            R.BeyondApprovalWindow, "alice");

    [Fact]
    public void a_decision_time_in_the_future_cannot_widen_the_window()
    {
        var late = Samples.Now.AddHours(5);
        var approvals = new[] { "alice", "bob", "dave" }.Select(a => Approve(a, expiresAt: late.AddMinutes(30))).ToArray();
        var verdict = EvidenceVerifier.Verify(new ApprovalEvidence(Treasury.Id.ToString(), "token-to-whitelist", approvals, late), _intent, Treasury, _registry, Samples.Now);
        AssertOnly(verdict, R.DecisionTimeInFuture, null);
    }

    [Fact]
    public void a_new_vote_is_checked_against_the_votes_recorded_so_far()
    {
        var requirement = Treasury.Rules.Single(r => r.Id == "token-to-whitelist").Action.Approval!;
        IReadOnlyList<EvidenceFailure> Check(SignedApproval vote, params SignedApproval[] recorded) =>
            EvidenceVerifier.VerifyVote(vote, recorded, _intent, Treasury, requirement, DecidedAt, _registry, Samples.Now);

        Assert.Empty(Check(Approve("bob"), Approve("alice")));
        Assert.Empty(Check(Approve("bob", decision: ApprovalDecision.Reject), Approve("alice")));
        Assert.Equal(R.DoubleVote, Assert.Single(Check(Approve("alice", decision: ApprovalDecision.Reject), Approve("alice"))).Reason);
        Assert.Equal(R.ApproverNotInGroup, Assert.Single(Check(Approve("mallory"))).Reason);
        Assert.Equal(R.BeyondApprovalWindow, Assert.Single(Check(Approve("bob", expiresAt: DecidedAt.AddHours(2)))).Reason);
        Assert.Equal(R.Expired, Assert.Single(Check(Approve("bob", expiresAt: Samples.Now))).Reason);
    }

    [Fact]
    public void a_quorum_becomes_unreachable_once_enough_members_or_a_mandatory_approver_reject()
    {
        var requirement = Treasury.Rules.Single(r => r.Id == "token-to-whitelist").Action.Approval!;
        HashSet<string> Set(params string[] ids) => new(ids, StringComparer.Ordinal);

        Assert.True(ApprovalTally.Count(requirement, Set("alice", "bob", "dave"), Set()).IsMet);
        Assert.True(ApprovalTally.Count(requirement, Set("alice"), Set("bob")).StillReachable);
        Assert.False(ApprovalTally.Count(requirement, Set("alice"), Set("bob", "carol")).StillReachable);
        Assert.False(ApprovalTally.Count(requirement, Set("alice", "bob"), Set("dave")).StillReachable);
    }

    [Fact]
    public void a_missing_quorum_is_named_with_its_group() =>
        AssertOnly(Verify(Approve("alice"), Approve("dave")), R.QuorumNotMet, "treasury");

    [Fact]
    public void a_missing_mandatory_approver_is_named() =>
        AssertOnly(Verify(Approve("alice"), Approve("bob")), R.MandatoryApproverMissing, "dave");

    [Fact]
    public void a_reject_vote_is_named_and_not_counted()
    {
        var verdict = Verify(Approve("alice"), Approve("bob"), Approve("dave", decision: ApprovalDecision.Reject));
        Assert.Contains(verdict.Failures, f => f.Reason == R.RejectedByApprover && f.Subject == "dave");
        Assert.Contains(verdict.Failures, f => f.Reason == R.MandatoryApproverMissing && f.Subject == "dave");
    }

    [Fact]
    public void a_blocked_intent_is_never_approved_whatever_the_signatures()
    {
        var blocked = Samples.Intent(Samples.Erc20Transfer(Samples.Token, Samples.Alice, 1));
        var approvals = new[] { "alice", "bob", "dave" }.Select(a =>
            ApprovalSigner.Sign(_keys[a], a, blocked.RequestId, blocked.Hash, Treasury.Id, ApprovalDecision.Approve, Expiry)).ToArray();
        AssertOnly(Verify(blocked, "token-to-whitelist", approvals), R.DecisionBlock, null);
    }

    [Fact]
    public void evidence_for_another_policy_is_a_policy_mismatch()
    {
        var evidence = new ApprovalEvidence("0x" + new string('1', 64), "token-to-whitelist", [Approve("alice"), Approve("bob"), Approve("dave")], DecidedAt);
        var verdict = EvidenceVerifier.Verify(evidence, _intent, Treasury, _registry, Samples.Now);
        AssertOnly(verdict, R.PolicyMismatch, null);
    }

    [Fact]
    public void evidence_naming_another_rule_is_a_rule_mismatch() =>
        AssertOnly(Verify(_intent, "large-native", Approve("alice"), Approve("bob"), Approve("carol"), Approve("dave")), R.RuleMismatch, null);

    [Fact]
    public void an_unreadable_signature_is_malformed() =>
        AssertOnly(Verify(Approve("alice") with { Signature = "0x1234" }, Approve("bob"), Approve("carol"), Approve("dave")), R.MalformedApproval, "alice");

    [Fact]
    public void every_reason_is_reported_at_once()
    {
        var verdict = Verify(Approve("alice", requestId: "r2", expiresAt: Samples.Now), Approve("mallory"));
        Assert.Equal(
            new[] { R.OtherRequest, R.Expired, R.ApproverNotInGroup, R.QuorumNotMet, R.MandatoryApproverMissing }.Order(),
            verdict.Failures.Select(f => f.Reason).Order());
    }

    [Fact]
    public void a_high_s_signature_is_accepted_as_documented()
    {
        var good = Approve("alice");
        var signature = Convert.FromHexString(good.Signature[2..]);
        var n = BigInteger.Parse("0FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        var s = new BigInteger(signature.AsSpan(32), isUnsigned: true, isBigEndian: true);
        var flipped = (n - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        var malleated = new byte[64];
        signature.AsSpan(0, 32).CopyTo(malleated);
        flipped.CopyTo(malleated.AsSpan(64 - flipped.Length));

        Assert.NotEqual(signature, malleated);
        Assert.True(Verify(good with { Signature = "0x" + Convert.ToHexStringLower(malleated) }, Approve("bob"), Approve("carol"), Approve("dave")).IsApproved);
    }

    [Fact]
    public void the_digest_follows_the_documented_encoding()
    {
        var expected = new List<byte>();
        void Field(byte tag, byte[] value)
        {
            expected.Add(tag);
            expected.AddRange(BitConverter.GetBytes(value.Length).Reverse());
            expected.AddRange(value);
        }

        expected.AddRange(BitConverter.GetBytes(19).Reverse());
        expected.AddRange("custody/approval/v1"u8.ToArray());
        Field(1, System.Text.Encoding.UTF8.GetBytes(_intent.RequestId));
        Field(2, _intent.Hash.Span.ToArray());
        Field(3, Treasury.Id.Span.ToArray());
        Field(4, [1]);
        Field(5, BitConverter.GetBytes(Expiry.ToUnixTimeSeconds()).Reverse().ToArray());

        Assert.Equal(SHA256.HashData(expected.ToArray()),
            ApprovalDigest.Compute(_intent.RequestId, _intent.Hash, Treasury.Id, ApprovalDecision.Approve, Expiry));
    }

    [Fact]
    public void a_key_on_another_curve_is_not_an_approver_key()
    {
        using var k1 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Assert.False(ApproverKey.TryCreate("x", k1.ExportSubjectPublicKeyInfo(), out _));
    }

    [Fact]
    public void an_expiry_with_a_fraction_of_a_second_is_malformed() =>
        AssertOnly(Verify(Approve("alice") with { ExpiresAt = Expiry.AddMilliseconds(500) }, Approve("bob"), Approve("carol"), Approve("dave")),
            R.MalformedApproval, "alice");

    [Fact]
    public void only_p256_keys_can_sign_approvals()
    {
        using var secp256k1 = ECDsa.Create(ECCurve.CreateFromFriendlyName("secP256k1"));
        Assert.Throws<CryptographicException>(() =>
            ApprovalSigner.Sign(secp256k1, "alice", _intent.RequestId, _intent.Hash, Treasury.Id, ApprovalDecision.Approve, Expiry));
    }

    private static void AssertOnly(EvidenceVerdict verdict, R reason, string? subject)
    {
        Assert.False(verdict.IsApproved);
        var failure = Assert.Single(verdict.Failures);
        Assert.Equal(reason, failure.Reason);
        Assert.Equal(subject, failure.Subject);
    }
}
