namespace Sandbox.State;

public sealed record PushRecord(DateTimeOffset At, string ComponentAppId, string Kind, string Target, int Attempt, int? StatusCode, string Outcome);

public sealed record CustomerServiceMessage(DateTimeOffset At, string ComponentAppId, string AuthorizerAppId, string ToUser, string MsgType, string? Content);

/// <summary>What the sandbox sent out: pushes to the platform and customer-service messages sent through it.</summary>
public sealed class Journal
{
    private readonly Lock _lock = new();
    private readonly List<PushRecord> _pushes = [];
    private readonly List<CustomerServiceMessage> _messages = [];

    public void Record(PushRecord push)
    {
        lock (_lock)
        {
            _pushes.Add(push);
        }
    }

    public void Record(CustomerServiceMessage message)
    {
        lock (_lock)
        {
            _messages.Add(message);
        }
    }

    public IReadOnlyList<PushRecord> Pushes()
    {
        lock (_lock)
        {
            return _pushes.ToList();
        }
    }

    public IReadOnlyList<CustomerServiceMessage> CustomerServiceMessages()
    {
        lock (_lock)
        {
            return _messages.ToList();
        }
    }
}
