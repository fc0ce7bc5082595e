using System.Xml.Linq;

namespace WeChat.Xml;

/// <summary>A decrypted push to the authorization-event URL (授权事件接收URL), dispatched on InfoType.</summary>
public abstract record ComponentPush(string ComponentAppId, DateTimeOffset CreatedAt, string InfoType)
{
    /// <summary>
    /// What makes two pushes the same event, whatever their envelope: WeChat pushes again what got no answer, sealed
    /// anew, and a push re-posted as it was is the same push too.
    /// </summary>
    public abstract string DeduplicationKey { get; }

    public static ComponentPush Parse(string xml) => Parse(SafeXml.Parse(xml));

    public static ComponentPush Parse(XElement root)
    {
        var appId = root.Required("AppId");
        var createdAt = root.RequiredUnixTime("CreateTime");
        var infoType = root.Required("InfoType");
        return infoType switch
        {
            InfoTypes.ComponentVerifyTicket =>
                new VerifyTicketPush(appId, createdAt, root.Required("ComponentVerifyTicket")),
            InfoTypes.Authorized or InfoTypes.UpdateAuthorized =>
                new AuthorizationPush(appId, createdAt, infoType,
                    root.Required("AuthorizerAppid"),
                    root.Required("AuthorizationCode"),
                    ParseCodeExpiry(root, createdAt),
                    root.Value("PreAuthCode")),
            InfoTypes.Unauthorized =>
                new UnauthorizedPush(appId, createdAt, root.Required("AuthorizerAppid")),
            _ => new UnknownComponentPush(appId, createdAt, infoType, root.ToString(SaveOptions.DisableFormatting)),
        };
    }

    // The documentation calls it seconds; captures show an absolute Unix time. Small values are read as a duration.
    private static DateTimeOffset? ParseCodeExpiry(XElement root, DateTimeOffset createdAt)
    {
        if (!long.TryParse(root.Value("AuthorizationCodeExpiredTime"), out var value))
        {
            return null;
        }

        try
        {
            return value < 1_000_000_000 ? createdAt.AddSeconds(value) : DateTimeOffset.FromUnixTimeSeconds(value);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new WeChatXmlException("<AuthorizationCodeExpiredTime> is not a time a date can hold.");
        }
    }
}

public sealed record VerifyTicketPush(string ComponentAppId, DateTimeOffset CreatedAt, string Ticket)
    : ComponentPush(ComponentAppId, CreatedAt, InfoTypes.ComponentVerifyTicket)
{
    /// <summary>WeChat may push one ticket value again in its next rounds; each round is recorded (its time keeps the ticket fresh).</summary>
    public override string DeduplicationKey => $"{InfoType}:{CreatedAt.ToUnixTimeSeconds()}:{Ticket}";
}

/// <summary><c>authorized</c> or <c>updateauthorized</c>: an authorization code to exchange with api_query_auth.</summary>
public sealed record AuthorizationPush(
    string ComponentAppId,
    DateTimeOffset CreatedAt,
    string InfoType,
    string AuthorizerAppId,
    string AuthorizationCode,
    DateTimeOffset? AuthorizationCodeExpiresAt,
    string? PreAuthCode)
    : ComponentPush(ComponentAppId, CreatedAt, InfoType)
{
    public bool IsUpdate => InfoType == InfoTypes.UpdateAuthorized;

    /// <summary>An authorization code is issued once: the code is the event.</summary>
    public override string DeduplicationKey => $"{InfoType}:{AuthorizationCode}";
}

public sealed record UnauthorizedPush(string ComponentAppId, DateTimeOffset CreatedAt, string AuthorizerAppId)
    : ComponentPush(ComponentAppId, CreatedAt, InfoTypes.Unauthorized)
{
    public override string DeduplicationKey => $"{InfoType}:{AuthorizerAppId}:{CreatedAt.ToUnixTimeSeconds()}";
}

/// <summary>An InfoType this platform does not act on (e.g. mini-program registration); kept whole, not dropped.</summary>
public sealed record UnknownComponentPush(string ComponentAppId, DateTimeOffset CreatedAt, string InfoType, string Xml)
    : ComponentPush(ComponentAppId, CreatedAt, InfoType)
{
    public override string DeduplicationKey => $"{InfoType}:{Xml}";
}

public static class InfoTypes
{
    public const string ComponentVerifyTicket = "component_verify_ticket";
    public const string Authorized = "authorized";
    public const string UpdateAuthorized = "updateauthorized";
    public const string Unauthorized = "unauthorized";
}
