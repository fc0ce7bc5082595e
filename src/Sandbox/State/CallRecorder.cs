namespace Sandbox.State;

public sealed record SandboxCall(DateTimeOffset At, string Api, string? ComponentAppId, string? AuthorizerAppId, int ErrorCode);

/// <summary>Every API call the sandbox answered, so tests can count WeChat calls.</summary>
public sealed class CallRecorder
{
    private readonly Lock _lock = new();
    private readonly List<SandboxCall> _calls = [];

    public void Record(SandboxCall call)
    {
        lock (_lock)
        {
            _calls.Add(call);
        }
    }

    public IReadOnlyList<SandboxCall> All(string? api = null)
    {
        lock (_lock)
        {
            return _calls.Where(c => api is null || c.Api == api).ToList();
        }
    }

    public int Count(string api, int? errorCode = 0)
    {
        lock (_lock)
        {
            return _calls.Count(c => c.Api == api && (errorCode is null || c.ErrorCode == errorCode));
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _calls.Clear();
        }
    }
}
