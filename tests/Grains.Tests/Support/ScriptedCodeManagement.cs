using System.Collections.Concurrent;
using WeChat.Api;
using WeChat.Api.Wire;

namespace Grains.Tests.Support;

/// <summary>
/// WeChat's code management for the release grain's own tests, at the grain's boundary: each mini program (known by the
/// token the grain sends) keeps its experience, audit and online versions as WeChat would, logs every call, and can be
/// told to refuse the next call of an API with an errcode, or to do it and lose the answer (as a crash after WeChat's
/// answer and before the write leaves it). End-to-end behaviour against WeChat's emulation is the sandbox's tests' job.
/// With <paramref name="accountOf"/> (token to appid), a mini program outlives its tokens, for tests that run the clock past a refresh.
/// </summary>
public sealed class ScriptedCodeManagement(TimeProvider time, Func<string, string?>? accountOf = null) : ICodeManagementApi
{
    private readonly ConcurrentDictionary<string, MiniProgram> _programs = new(StringComparer.Ordinal);

    public MiniProgram Of(string token) => _programs.GetOrAdd(accountOf?.Invoke(token) ?? token, _ => new MiniProgram());

    public Task CommitAsync(string authorizerToken, CodeCommitRequest commit, CancellationToken cancellationToken = default) =>
        Of(authorizerToken).Do(CodeManagementApis.Commit, p => p.Experience = commit.UserVersion);

    public Task<SubmitAuditResponse> SubmitAuditAsync(string authorizerToken, string? auditJson, CancellationToken cancellationToken = default) =>
        Of(authorizerToken).Do(CodeManagementApis.SubmitAudit, p =>
        {
            if (p.AuditStatus is AuditStatusCodes.InReview or AuditStatusCodes.Delayed)
            {
                throw WeChatApiException.FromErrorCode(CodeManagementApis.SubmitAudit, WeChatErrorCodes.AuditInProgress, "already submit a version under auditing");
            }

            p.AuditId = Interlocked.Increment(ref MiniProgram.NextAuditId);
            p.AuditStatus = AuditStatusCodes.InReview;
            p.AuditedVersion = p.Experience;
            p.SubmittedAt = time.GetUtcNow().ToUnixTimeSeconds();
            return new SubmitAuditResponse(p.AuditId.Value);
        });

    public Task<AuditStatusResponse> GetLatestAuditStatusAsync(string authorizerToken, CancellationToken cancellationToken = default) =>
        Of(authorizerToken).Do(CodeManagementApis.LatestAuditStatus, p => p.AuditId is { } id
            ? new AuditStatusResponse(id, p.AuditStatus, p.AuditReason, p.AuditedVersion, null, p.SubmittedAt)
            : throw WeChatApiException.FromErrorCode(CodeManagementApis.LatestAuditStatus, WeChatErrorCodes.NoAudit, "no valid audit_id exist"));

    public Task<AuditStatusResponse> GetAuditStatusAsync(string authorizerToken, long auditId, CancellationToken cancellationToken = default) =>
        Of(authorizerToken).Do(CodeManagementApis.AuditStatus, p => new AuditStatusResponse(auditId, p.AuditStatus, null, null, null, null));

    public Task UndoAuditAsync(string authorizerToken, CancellationToken cancellationToken = default) =>
        Of(authorizerToken).Do(CodeManagementApis.UndoAudit, p => p.AuditStatus = AuditStatusCodes.Withdrawn);

    public Task ReleaseAsync(string authorizerToken, CancellationToken cancellationToken = default) =>
        Of(authorizerToken).Do(CodeManagementApis.Release, p =>
        {
            if (p.Online == p.AuditedVersion)
            {
                throw WeChatApiException.FromErrorCode(CodeManagementApis.Release, WeChatErrorCodes.AlreadyReleased, "app is already released");
            }

            p.Previous = p.Online;
            p.Online = p.AuditedVersion;
        });

    public Task GrayReleaseAsync(string authorizerToken, GrayReleaseRequest request, CancellationToken cancellationToken = default) =>
        Of(authorizerToken).Do(CodeManagementApis.GrayRelease, p =>
        {
            p.GrayStartedAt = p.GrayPercentage is null ? time.GetUtcNow().ToUnixTimeSeconds() : p.GrayStartedAt;
            p.GrayPercentage = request.GrayPercentage;
        });

    public Task<GrayReleasePlanResponse> GetGrayReleasePlanAsync(string authorizerToken, CancellationToken cancellationToken = default) =>
        Of(authorizerToken).Do(CodeManagementApis.GrayReleasePlan, p => new GrayReleasePlanResponse(p.GrayPercentage is { } percentage
            ? new GrayReleasePlan(GrayPlanStatusCodes.Running, p.GrayStartedAt ?? 0, percentage)
            : new GrayReleasePlan(0, 0, 0)));

    public Task RevertGrayReleaseAsync(string authorizerToken, CancellationToken cancellationToken = default) =>
        Of(authorizerToken).Do(CodeManagementApis.RevertGrayRelease, p => p.GrayPercentage = null);

    public Task RevertCodeReleaseAsync(string authorizerToken, long? appVersion = null, CancellationToken cancellationToken = default) =>
        Of(authorizerToken).Do(CodeManagementApis.RevertCodeRelease, p => p.Online = p.Previous);

    public Task<AuditQuotaResponse> QueryQuotaAsync(string authorizerToken, CancellationToken cancellationToken = default) =>
        Of(authorizerToken).Do(CodeManagementApis.QueryQuota, _ => new AuditQuotaResponse(20, 20, 0, 0));

    public Task<VersionInfoResponse> GetVersionInfoAsync(string authorizerToken, CancellationToken cancellationToken = default) =>
        Of(authorizerToken).Do(CodeManagementApis.VersionInfo, p => new VersionInfoResponse(
            p.Experience is null ? null : new ExperienceVersion(0, p.Experience, null),
            p.Online is null ? null : new OnlineVersion(0, p.Online, null)));

    public sealed class MiniProgram
    {
        internal static long NextAuditId = 400_000_000;

        private readonly ConcurrentDictionary<string, (int ErrorCode, string? Message, int Times)> _refusals = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, bool> _lostAnswers = new(StringComparer.Ordinal);

        public ConcurrentQueue<string> Calls { get; } = new();

        public string? Experience { get; set; }

        public string? AuditedVersion { get; set; }

        public long? AuditId { get; set; }

        public int AuditStatus { get; set; } = -1;

        /// <summary>WeChat's reason for a rejection or a delay, as <c>get_latest_auditstatus</c> tells it.</summary>
        public string? AuditReason { get; set; }

        public long? SubmittedAt { get; set; }

        public string? Online { get; set; }

        public string? Previous { get; set; }

        public int? GrayPercentage { get; set; }

        public long? GrayStartedAt { get; set; }

        public int CallsOf(string api) => Calls.Count(c => c == api);

        /// <summary>
        /// The next <paramref name="times"/> calls of <paramref name="api"/> are refused with <paramref name="errorCode"/>
        /// (and WeChat's <paramref name="message"/>, when given) and change nothing.
        /// </summary>
        public void Refuse(string api, int errorCode, string? message = null, int times = 1) => _refusals[api] = (errorCode, message, times);

        /// <summary>The next call of <paramref name="api"/> takes effect, but its answer never reaches the caller.</summary>
        public void LoseAnswer(string api) => _lostAnswers[api] = true;

        internal Task Do(string api, Action<MiniProgram> act) => Do(api, p => { act(p); return true; });

        internal Task<T> Do<T>(string api, Func<MiniProgram, T> act)
        {
            Calls.Enqueue(api);
            if (_refusals.TryGetValue(api, out var refusal))
            {
                if (refusal.Times > 1)
                {
                    _refusals[api] = refusal with { Times = refusal.Times - 1 };
                }
                else
                {
                    _refusals.TryRemove(api, out _);
                }

                return Task.FromException<T>(WeChatApiException.FromErrorCode(api, refusal.ErrorCode, refusal.Message ?? $"refused by the test ({refusal.ErrorCode})"));
            }

            T result;
            lock (this)
            {
                try
                {
                    result = act(this);
                }
                catch (WeChatApiException ex)
                {
                    return Task.FromException<T>(ex);
                }
            }

            return _lostAnswers.TryRemove(api, out _)
                ? Task.FromException<T>(new WeChatApiException(api, null, "no answer within 5 s", WeChatErrorKind.Transient))
                : Task.FromResult(result);
        }
    }
}
