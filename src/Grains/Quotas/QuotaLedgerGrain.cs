using Grains.Interfaces;
using Microsoft.Extensions.DependencyInjection;
using WeChat.Api.Quotas;

namespace Grains.Quotas;

/// <summary>
/// An account's WeChat calls of the current Beijing day, told in batches by every process's <see cref="CallLedger"/>
/// (one call per account and flush, never one per WeChat call). A 45009 it hears of goes to the cluster's
/// <see cref="IQuotaRefusalsGrain"/> first, then into its own state, so a batch retried after a failed write counts
/// nothing twice. A day that is over is dropped, from the row too once the grain wakes to a new day.
/// </summary>
public sealed class QuotaLedgerGrain(
    [PersistentState("quota-ledger", GrainStorage.Name)] IPersistentState<QuotaLedgerState> state,
    [FromKeyedServices(GrainClock.Key)] TimeProvider time) : Grain, IQuotaLedgerGrain
{
    private IQuotaRefusalsGrain Refusals => GrainFactory.GetGrain<IQuotaRefusalsGrain>(QuotaRefusals.RegistryKey);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists && state.State.Day < Today)
        {
            await state.ClearStateAsync(cancellationToken);
        }
    }

    public async Task RecordAsync(QuotaUsage usage)
    {
        var today = Today;
        var day = Current(today);
        var now = time.GetUtcNow();
        var fresh = usage.Exhausted.Where(e => e.Until > now && !day.Exhausted.Contains(e)).ToList();
        foreach (var exhaustion in fresh)
        {
            await Refusals.RefuseAsync(new QuotaRefusal(this.GetPrimaryKeyString(), exhaustion.Api, exhaustion.Until));
        }

        // Counts of a day already over (a batch flushed just after midnight) belong to no day still kept.
        if (usage.Day == today)
        {
            foreach (var (api, calls) in usage.Calls)
            {
                day.Calls[api] = day.Calls.GetValueOrDefault(api) + calls;
            }
        }

        day.Exhausted.AddRange(fresh);
        state.State = day;
        await state.WriteStateAsync();
    }

    public Task<QuotaLedger> GetAsync() => Task.FromResult(View(Current(Today)));

    public async Task<QuotaLedger> ClearedAsync()
    {
        await Refusals.LiftAsync(this.GetPrimaryKeyString());
        var day = Current(Today);
        day.ClearedAt = time.GetUtcNow();
        state.State = day;
        await state.WriteStateAsync();
        return View(day);
    }

    private DateOnly Today => BeijingDay.Of(time.GetUtcNow());

    private QuotaLedgerState Current(DateOnly today) => state.State.Day == today ? state.State : new QuotaLedgerState { Day = today };

    private static QuotaLedger View(QuotaLedgerState day) =>
        new(day.Day, new Dictionary<string, long>(day.Calls, StringComparer.Ordinal), [.. day.Exhausted], day.ClearedAt);
}
