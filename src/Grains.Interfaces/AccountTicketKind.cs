namespace Grains.Interfaces;

/// <summary>The tickets an official account's JS-SDK pages need, each obtained with the account's token.</summary>
[Alias("Grains.AccountTicketKind")]
public enum AccountTicketKind
{
    /// <summary>The jsapi_ticket that signs <c>wx.config</c>.</summary>
    JsApi,

    /// <summary>The wx_card api_ticket of the card (卡券) JS-SDK.</summary>
    Card,
}
