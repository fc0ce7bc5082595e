using WeChat.Api.Quotas;

namespace Grains.Quotas;

/// <summary>
/// Every call into a grain keyed <c>{componentAppId}/{authorizerAppId}</c> (an account's grains: its tokens and
/// tickets, its releases) acts for that account, and every call into any other grain for none: so whatever a grain
/// sends WeChat is counted for the right account without each call site saying so.
/// </summary>
public sealed class AccountScopeFilter : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        using (WeChatAccountScope.Enter(WeChatAccount.FromKey(context.TargetId.Key.ToString())))
        {
            await context.Invoke();
        }
    }
}
