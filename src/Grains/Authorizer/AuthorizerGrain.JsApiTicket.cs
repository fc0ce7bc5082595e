using WeChat.Api;
using WeChat.Api.Wire;

namespace Grains.Authorizer;

public sealed partial class AuthorizerGrain
{
    public async Task<AccessToken> GetJsApiTicketAsync()
    {
        EnsureServing();
        return HasValidJsApiTicket(Options.MinimumValidity) ? CurrentJsApiTicket() : await RefreshJsApiTicketAsync();
    }

    private async Task<AccessToken> RefreshJsApiTicketAsync()
    {
        var token = await GetTokenAsync();
        JsApiTicketResponse response;
        try
        {
            response = await TokenLifecycle.RetriedOnceOnRejectionAsync(token.Value, t => wechat.GetJsApiTicketAsync(t), RefreshIfCurrentAsync);
        }
        catch (WeChatApiException ex)
        {
            metrics.Failed(Key.ComponentAppId, "jsapi_ticket", ex.ClassName());
            LogWeChatFailed(logger, Key.ComponentAppId, Key.AuthorizerAppId, ex.ErrorCode, ex.Kind, ex.ErrorMessage);
            return HasValidJsApiTicket(Options.MinimumValidity) ? CurrentJsApiTicket() : throw ex.ToUnavailable(Options, "jsapi_ticket");
        }

        var obtainedAt = time.GetUtcNow();
        try
        {
            await Store.WriteAsync(s =>
            {
                s.JsApiTicket = response.Ticket;
                s.JsApiTicketExpiresAt = obtainedAt.AddSeconds(response.ExpiresIn);
                return true;
            });
        }
        catch (PlatformException ex)
        {
            LogNotSaved(logger, Key.ComponentAppId, Key.AuthorizerAppId, ex.Message);
        }

        metrics.Refreshed(Key.ComponentAppId, "jsapi_ticket", TimeSpan.Zero);
        await ScheduleAsync();
        return CurrentJsApiTicket();
    }

    private bool HasValidJsApiTicket(TimeSpan atLeast) =>
        state.State.JsApiTicket is not null && state.State.JsApiTicketExpiresAt - time.GetUtcNow() >= atLeast;

    private bool JsApiTicketIsDue() => state.State.JsApiTicket is not null && time.GetUtcNow() >= JsApiTicketDueAt();

    private DateTimeOffset JsApiTicketDueAt() =>
        RefreshSchedule.DueAt(state.State.JsApiTicketExpiresAt, this.GetPrimaryKeyString() + "|jsapi", Options);

    private AccessToken CurrentJsApiTicket() => new(state.State.JsApiTicket!, state.State.JsApiTicketExpiresAt);
}
