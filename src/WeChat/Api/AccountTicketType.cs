namespace WeChat.Api;

/// <summary>The <c>type</c> of <c>cgi-bin/ticket/getticket</c>: each type is a separate ticket with its own lifetime.</summary>
public enum AccountTicketType
{
    /// <summary><c>jsapi</c>: signs <c>wx.config</c> of the JS-SDK.</summary>
    JsApi,

    /// <summary><c>wx_card</c>: the card (卡券) api_ticket.</summary>
    WxCard,
}
