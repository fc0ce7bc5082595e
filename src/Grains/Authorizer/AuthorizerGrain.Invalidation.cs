using Grains.Invalidation;

namespace Grains.Authorizer;

public sealed partial class AuthorizerGrain
{
    /// <summary>The token as handed out: with its scheduled refresh, until which gateways may keep it without asking.</summary>
    private AccessToken HandedOut(AccessToken token) =>
        token.Value == state.State.AccessToken ? token with { CurrentUntil = TokenDueAt() } : token;

    /// <summary>The token gateways may hold now and the instant they were told it stays current; null when none is served.</summary>
    private (string Token, DateTimeOffset Until)? Served() =>
        state.State is { Known: true, Status: AuthorizerStatus.Authorized, AccessToken: { } token } ? (token, TokenDueAt()) : null;

    private void TellGatewaysIfReplaced((string Token, DateTimeOffset Until)? before) =>
        EarlyReplacement.TellGateways(GrainFactory, this.GetPrimaryKeyString(), before, Served()?.Token, time.GetUtcNow());
}
