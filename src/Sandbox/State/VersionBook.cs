namespace Sandbox.State;

/// <summary>Every mini program's code, experience, audits and online versions, behind one lock.</summary>
public sealed class VersionBook
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, MiniProgramCode> _programs = new(StringComparer.Ordinal);

    // Audit ids WeChat hands out are around 4-5 x 10^8 and grow; the same here, unique across the sandbox.
    private long _lastAuditId = 412_000_000;

    public long NextAuditId() => Interlocked.Increment(ref _lastAuditId);

    /// <summary>Reads or changes one mini program under the lock; a refusal thrown inside changes nothing.</summary>
    public T Change<T>(string appId, Func<MiniProgramCode, T> change)
    {
        lock (_lock)
        {
            if (!_programs.TryGetValue(appId, out var program))
            {
                program = new MiniProgramCode(appId);
                _programs[appId] = program;
            }

            return change(program);
        }
    }

    /// <summary>A consistent view of every mini program with code, for the control API and the dashboard.</summary>
    public IReadOnlyList<T> Select<T>(Func<MiniProgramCode, T> view)
    {
        lock (_lock)
        {
            return [.. _programs.Values.OrderBy(p => p.AppId, StringComparer.Ordinal).Select(view)];
        }
    }
}
