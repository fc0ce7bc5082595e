using Grains.Interfaces;
using Microsoft.Extensions.DependencyInjection;
using WeChat.Api.Quotas;

namespace Grains.Quotas;

/// <summary>
/// The cluster's refusals in force and the day's clears, read by every process every <c>Quotas:FlushInterval</c>.
/// One per cluster: a reader is sent only what changed since the version it knew (from a change log of the last
/// <see cref="LoggedChanges"/>), the whole list when it is further behind, and null when nothing changed, so a fleet
/// campaign that gets thousands of accounts refused costs each read its own changes, not the list. Versions count
/// within an activation (<see cref="QuotaRefusals.Epoch"/>) and move only once the change is stored: a write that
/// failed ends the activation, and readers of the next one get the list as stored. Refusals past their end and
/// clears of a day that is over are dropped at every change (readers check the end themselves meanwhile).
/// </summary>
public sealed class QuotaRefusalsGrain(
    [PersistentState("quota-refusals", GrainStorage.Name)] IPersistentState<QuotaRefusalsState> state,
    [FromKeyedServices(GrainClock.Key)] TimeProvider time) : Grain, IQuotaRefusalsGrain
{
    public const int LoggedChanges = 1024;

    private readonly Guid _epoch = Guid.NewGuid();
    private readonly Queue<(long Version, QuotaRefusal? Refused, QuotaLift? Lifted)> _changes = new();
    private long _version;

    public Task<QuotaRefusals?> GetSinceAsync(Guid epoch, long knownVersion)
    {
        if (epoch == _epoch && knownVersion == _version)
        {
            return Task.FromResult<QuotaRefusals?>(null);
        }

        var now = time.GetUtcNow();
        if (epoch == _epoch && knownVersion >= 0 && knownVersion < _version && _version - knownVersion <= _changes.Count)
        {
            var since = _changes.Where(c => c.Version > knownVersion).ToList();
            return Task.FromResult<QuotaRefusals?>(new QuotaRefusals(_epoch, _version, Full: false,
                [.. since.Select(c => c.Refused).OfType<QuotaRefusal>().Where(r => r.Until > now)],
                [.. since.Select(c => c.Lifted).OfType<QuotaLift>()]));
        }

        return Task.FromResult<QuotaRefusals?>(new QuotaRefusals(_epoch, _version, Full: true,
            [.. state.State.InForce.Where(r => r.Until > now)],
            [.. state.State.Lifts.Where(l => BeijingDay.NextMidnight(l.Value) > now).Select(l => new QuotaLift(l.Key, l.Value))]));
    }

    public Task RefuseAsync(QuotaRefusal refusal) =>
        ChangeAsync(refusal, null, s =>
        {
            s.InForce.RemoveAll(r => r.AccountKey == refusal.AccountKey && r.Api == refusal.Api);
            s.InForce.Add(refusal);
        });

    public Task LiftAsync(QuotaLift lift) =>
        ChangeAsync(null, lift, s =>
        {
            s.InForce.RemoveAll(r => r.AccountKey == lift.AccountKey && r.At <= lift.ClearedAt);
            if (!(s.Lifts.GetValueOrDefault(lift.AccountKey) >= lift.ClearedAt))
            {
                s.Lifts[lift.AccountKey] = lift.ClearedAt;
            }
        });

    private async Task ChangeAsync(QuotaRefusal? refused, QuotaLift? lifted, Action<QuotaRefusalsState> change)
    {
        var now = time.GetUtcNow();
        state.State.InForce.RemoveAll(r => r.Until <= now);
        foreach (var over in state.State.Lifts.Where(l => BeijingDay.NextMidnight(l.Value) <= now).Select(l => l.Key).ToList())
        {
            state.State.Lifts.Remove(over);
        }

        change(state.State);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }

        _version++;
        _changes.Enqueue((_version, refused, lifted));
        if (_changes.Count > LoggedChanges)
        {
            _changes.Dequeue();
        }
    }
}
