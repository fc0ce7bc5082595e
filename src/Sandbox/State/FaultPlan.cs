namespace Sandbox.State;

public enum FaultKind
{
    /// <summary>errcode -1 system error.</summary>
    SystemError,

    /// <summary>HTTP 500 with no JSON.</summary>
    Http500,

    /// <summary>Answer normally, but only after <see cref="Fault.Delay"/>.</summary>
    Delay,

    /// <summary>Answer with <see cref="Fault.ErrorCode"/>.</summary>
    ErrorCode,
}

/// <summary>Fails the next <see cref="Count"/> calls of <see cref="Api"/> (every API when null).</summary>
public sealed record Fault(FaultKind Kind, int Count, string? Api = null, int? ErrorCode = null, TimeSpan? Delay = null);

public sealed class FaultPlan
{
    private readonly Lock _lock = new();
    private readonly List<(Fault Fault, int Remaining)> _faults = [];

    public void Add(Fault fault)
    {
        lock (_lock)
        {
            _faults.Add((fault, fault.Count));
        }
    }

    public Fault? Take(string api)
    {
        lock (_lock)
        {
            var index = _faults.FindIndex(f => f.Fault.Api is null || f.Fault.Api == api);
            if (index < 0)
            {
                return null;
            }

            var (fault, remaining) = _faults[index];
            if (remaining <= 1)
            {
                _faults.RemoveAt(index);
            }
            else
            {
                _faults[index] = (fault, remaining - 1);
            }

            return fault;
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _faults.Clear();
        }
    }
}
