namespace Sandbox.State;

/// <summary>
/// The users of each account the sandbox has seen, by openid (an openid belongs to one account), with the time of
/// each user's last message: the customer-service API may answer a user only within the window after it.
/// </summary>
public sealed class UserBook(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string AccountAppId, string OpenId), DateTimeOffset> _lastMessage = [];

    public void MessageFrom(string accountAppId, string openId)
    {
        lock (_lock)
        {
            _lastMessage[(accountAppId, openId)] = time.GetUtcNow();
        }
    }

    /// <summary>When the user last wrote to the account; null when the openid is not a user of this account.</summary>
    public DateTimeOffset? LastMessage(string accountAppId, string openId)
    {
        lock (_lock)
        {
            return _lastMessage.TryGetValue((accountAppId, openId), out var at) ? at : null;
        }
    }
}
