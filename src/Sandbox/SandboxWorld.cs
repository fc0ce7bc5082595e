using Microsoft.Extensions.Options;
using Sandbox.Pushing;
using Sandbox.State;

namespace Sandbox;

/// <summary>Everything the emulated WeChat knows, in one place for its endpoints and for tests.</summary>
public sealed partial class SandboxWorld(
    IOptions<SandboxOptions> options,
    TimeProvider time,
    TokenIssuer tokens,
    TicketBook tickets,
    CodeBook codes,
    AuthorizationBook authorizations,
    UserBook users,
    UserCodeBook userCodes,
    OAuthGrantBook oauthGrants,
    QuotaBook quotas,
    TemplateLibrary templates,
    VersionBook versions,
    AuditQuotaBook auditQuotas,
    ConversationBook conversations,
    AuthorizerOptionBook authorizerOptions,
    CallRecorder calls,
    FaultPlan faults,
    Journal journal,
    PlatformPusher pusher,
    IHostApplicationLifetime lifetime,
    ILogger<SandboxWorld> logger)
{
    // The accounts are fixed once options are built (bench runs hold hundreds of thousands); the first account of an
    // appid wins, as a lookup in the list did.
    private readonly Lazy<Dictionary<string, SandboxAccount>> _accounts = new(() =>
        options.Value.Accounts.DistinctBy(a => a.AppId, StringComparer.Ordinal).ToDictionary(a => a.AppId, StringComparer.Ordinal));

    public SandboxOptions Options => options.Value;

    public TimeProvider Time => time;

    public TokenIssuer Tokens => tokens;

    public TicketBook Tickets => tickets;

    public CodeBook Codes => codes;

    public AuthorizationBook Authorizations => authorizations;

    public UserBook Users => users;

    public UserCodeBook UserCodes => userCodes;

    public OAuthGrantBook OAuthGrants => oauthGrants;

    public QuotaBook Quotas => quotas;

    public TemplateLibrary Templates => templates;

    /// <summary>Each mini program's committed, audited and released code.</summary>
    public VersionBook Versions => versions;

    public AuditQuotaBook AuditQuotas => auditQuotas;

    public ConversationBook Conversations => conversations;

    public AuthorizerOptionBook AuthorizerOptions => authorizerOptions;

    public CallRecorder Calls => calls;

    public FaultPlan Faults => faults;

    public Journal Journal => journal;

    public PlatformPusher Pusher => pusher;

    public SandboxAccount? FindAccount(string? appId) => appId is null ? null : _accounts.Value.GetValueOrDefault(appId);

    /// <summary>
    /// WeChat pushes independently of the API answer or redirect that caused the push; so does the sandbox,
    /// which also keeps a platform that calls WeChat from inside its push handler from waiting on itself.
    /// </summary>
    public void PushInBackground(string what, Func<CancellationToken, Task<PushOutcome>> push) =>
        _ = Task.Run(async () =>
        {
            try
            {
                await push(lifetime.ApplicationStopping);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogBackgroundPushFailed(logger, what, ex);
            }
        });

    /// <summary>A user writes to an account: the account knows their openid and may answer by customer-service message for 48 hours.</summary>
    public void UserWrote(string accountAppId, string openId) => conversations.UserWrote(accountAppId, openId);

    /// <summary>An account approves a platform: a new authorization code and, in the background, the authorized event.</summary>
    public AuthorizationCode Approve(SandboxComponent component, SandboxAccount account, string preAuthCode, IReadOnlyList<int> permissionSets, bool pushEvent = true)
    {
        var granted = account.GrantedPermissionSets is { } allowed ? [.. permissionSets.Where(allowed.Contains)] : permissionSets;
        var (_, isUpdate) = authorizations.Authorize(component.AppId, account.AppId, granted);
        var code = codes.CreateAuthorizationCode(component.AppId, account.AppId);
        if (pushEvent)
        {
            var infoType = isUpdate ? "updateauthorized" : "authorized";
            PushInBackground(infoType, ct => pusher.PushAuthorizationAsync(component, infoType, code, preAuthCode, ct));
        }

        return code;
    }

    /// <summary>An account revokes a platform: its tokens and refresh token die and the unauthorized event is pushed.</summary>
    public bool Revoke(SandboxComponent component, string authorizerAppId, bool pushEvent = true)
    {
        if (!authorizations.Revoke(component.AppId, authorizerAppId))
        {
            return false;
        }

        tokens.InvalidateAuthorizer(component.AppId, authorizerAppId);
        if (pushEvent)
        {
            PushInBackground("unauthorized", ct => pusher.PushUnauthorizedAsync(component, authorizerAppId, ct));
        }

        return true;
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Error, Message = "Sandbox background push {What} failed")]
    private static partial void LogBackgroundPushFailed(ILogger logger, string what, Exception exception);
}
