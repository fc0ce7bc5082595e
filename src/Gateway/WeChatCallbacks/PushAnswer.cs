namespace Gateway.WeChatCallbacks;

/// <summary>
/// How a push was answered. Handled: <c>success</c> (<see cref="ReplyXml"/> null), an empty body (empty) or a passive
/// reply (its plaintext XML, encrypted for each request that gets it). Not handled: a 503, so WeChat pushes it again.
/// </summary>
public sealed record PushAnswer(bool Handled, string? ReplyXml = null)
{
    public static readonly PushAnswer Success = new(true);

    public static readonly PushAnswer EmptyBody = new(true, "");

    public static readonly PushAnswer NotHandled = new(false);

    public static PushAnswer Reply(string replyXml) => new(true, replyXml);
}
