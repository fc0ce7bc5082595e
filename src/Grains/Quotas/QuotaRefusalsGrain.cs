using Grains.Interfaces;
using Microsoft.Extensions.DependencyInjection;

namespace Grains.Quotas;

/// <summary>
/// The cluster's refusals in force, read by every process every <c>Quotas:FlushInterval</c>. One per cluster: it holds
/// only today's 45009s (a handful; at most one per account and API), and a read that finds nothing new costs a version
/// comparison. Kept in grain storage, so a silo's death forgets no refusal. A refusal past its end is dropped at the
/// next change, and every reader checks the end itself meanwhile.
/// </summary>
public sealed class QuotaRefusalsGrain(
    [PersistentState("quota-refusals", GrainStorage.Name)] IPersistentState<QuotaRefusalsState> state,
    [FromKeyedServices(GrainClock.Key)] TimeProvider time) : Grain, IQuotaRefusalsGrain
{
    public Task<QuotaRefusals?> GetSinceAsync(long knownVersion) =>
        Task.FromResult(knownVersion == state.State.Version
            ? null
            : new QuotaRefusals(state.State.Version, [.. state.State.InForce.Where(r => r.Until > time.GetUtcNow())]));

    public Task RefuseAsync(QuotaRefusal refusal) =>
        ChangeAsync(inForce =>
        {
            inForce.RemoveAll(r => r.AccountKey == refusal.AccountKey && r.Api == refusal.Api);
            inForce.Add(refusal);
        });

    public Task LiftAsync(string accountKey) => ChangeAsync(inForce => inForce.RemoveAll(r => r.AccountKey == accountKey));

    private async Task ChangeAsync(Action<List<QuotaRefusal>> change)
    {
        var now = time.GetUtcNow();
        state.State.InForce.RemoveAll(r => r.Until <= now);
        change(state.State.InForce);
        state.State.Version++;
        await state.WriteStateAsync();
    }
}
