using WeChat.Api;

namespace Grains.Authorizer;

/// <summary>
/// The account's JS-SDK tickets (jsapi_ticket, wx_card api_ticket): fetched with its token the first time a caller
/// asks, then kept fresh by the same reminder as the token, so pages never wait on WeChat's small ticket quota.
/// </summary>
public sealed partial class AuthorizerGrain
{
    public async Task<AccountTicket> GetTicketAsync(AccountTicketKind kind)
    {
        EnsureServing();
        return HasValidTicket(kind, Options.MinimumValidity) ? CurrentTicket(kind) : await RefreshTicketAsync(kind);
    }

    private async Task RefreshDueTicketsAsync()
    {
        foreach (var kind in HeldTickets().Where(k => time.GetUtcNow() >= TicketDueAt(k)).ToList())
        {
            await RefreshTicketAsync(kind);
        }
    }

    private async Task<AccountTicket> RefreshTicketAsync(AccountTicketKind kind)
    {
        var token = await GetTokenAsync();
        var what = WhatFor(kind);
        WeChat.Api.Wire.AccountTicketResponse response;
        try
        {
            response = await TokenRejection.RetriedOnceAsync(token.Value, t => wechat.GetTicketAsync(t, WireType(kind)), RefreshIfCurrentAsync);
        }
        catch (WeChatApiException ex)
        {
            metrics.Failed(Key.ComponentAppId, what, ex.ClassName());
            LogWeChatFailed(logger, Key.ComponentAppId, Key.AuthorizerAppId, ex.ErrorCode, ex.Kind, ex.ErrorMessage);
            return HasValidTicket(kind, Options.MinimumValidity) ? CurrentTicket(kind) : throw ex.ToUnavailable(Options, what);
        }

        var expiresAt = time.GetUtcNow().AddSeconds(response.ExpiresIn);
        try
        {
            await Store.WriteAsync(s =>
            {
                Hold(s, kind, response.Ticket, expiresAt);
                return true;
            });
        }
        catch (PlatformException ex)
        {
            LogNotSaved(logger, Key.ComponentAppId, Key.AuthorizerAppId, ex.Message);
        }

        metrics.Refreshed(Key.ComponentAppId, what, TimeSpan.Zero);
        await ScheduleAsync();
        return CurrentTicket(kind);
    }

    private IEnumerable<AccountTicketKind> HeldTickets() => Enum.GetValues<AccountTicketKind>().Where(k => Held(k).Value is not null);

    private bool HasValidTicket(AccountTicketKind kind, TimeSpan atLeast) =>
        Held(kind) is { Value: not null } held && held.ExpiresAt - time.GetUtcNow() >= atLeast;

    private DateTimeOffset TicketDueAt(AccountTicketKind kind) =>
        RefreshSchedule.DueAt(Held(kind).ExpiresAt, $"{this.GetPrimaryKeyString()}|{JitterSeed(kind)}", Options);

    private AccountTicket CurrentTicket(AccountTicketKind kind) => new(kind, Held(kind).Value!, Held(kind).ExpiresAt);

    private (string? Value, DateTimeOffset ExpiresAt) Held(AccountTicketKind kind) => kind switch
    {
        AccountTicketKind.JsApi => (state.State.JsApiTicket, state.State.JsApiTicketExpiresAt),
        _ => (state.State.CardTicket, state.State.CardTicketExpiresAt),
    };

    private static void Hold(AuthorizerState state, AccountTicketKind kind, string ticket, DateTimeOffset expiresAt)
    {
        if (kind == AccountTicketKind.JsApi)
        {
            (state.JsApiTicket, state.JsApiTicketExpiresAt) = (ticket, expiresAt);
        }
        else
        {
            (state.CardTicket, state.CardTicketExpiresAt) = (ticket, expiresAt);
        }
    }

    private static AccountTicketType WireType(AccountTicketKind kind) => kind == AccountTicketKind.JsApi ? AccountTicketType.JsApi : AccountTicketType.WxCard;

    /// <summary>The name in metrics and problems.</summary>
    private static string WhatFor(AccountTicketKind kind) => kind == AccountTicketKind.JsApi ? "jsapi_ticket" : "wx_card_ticket";

    /// <summary>Spreads each ticket's refresh apart from the token's (the jsapi seed is the one used before the card ticket came).</summary>
    private static string JitterSeed(AccountTicketKind kind) => kind == AccountTicketKind.JsApi ? "jsapi" : "wx_card";
}
