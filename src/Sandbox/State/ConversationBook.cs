namespace Sandbox.State;

/// <summary>
/// When each user last wrote to each account: WeChat lets an account send customer-service messages to a user
/// only within 48 hours of the user's last message (45015 after).
/// </summary>
public sealed class ConversationBook(TimeProvider time, UserBook users)
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(48);

    private readonly Lock _lock = new();
    private readonly Dictionary<(string AccountAppId, string OpenId), DateTimeOffset> _lastWrote = [];

    /// <summary>A user writes to an account: the account knows their openid from now on and may answer for 48 hours.</summary>
    public void UserWrote(string accountAppId, string openId)
    {
        users.ForOpenId(accountAppId, openId);
        lock (_lock)
        {
            _lastWrote[(accountAppId, openId)] = time.GetUtcNow();
        }
    }

    public bool IsOpen(string accountAppId, string openId)
    {
        lock (_lock)
        {
            return _lastWrote.TryGetValue((accountAppId, openId), out var at) && time.GetUtcNow() - at < Window;
        }
    }
}
