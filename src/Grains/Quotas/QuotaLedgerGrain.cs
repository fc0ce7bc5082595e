using Grains.Interfaces;
using Microsoft.Extensions.DependencyInjection;
using WeChat.Api.Quotas;

namespace Grains.Quotas;

/// <summary>
/// An account's WeChat calls of the current Beijing day, told in batches by every process's <see cref="CallLedger"/>
/// (one call per account and flush, never one per WeChat call). A batch it already applied (sent again after an answer
/// that was lost) is dropped. A 45009 it hears of goes to the cluster's <see cref="IQuotaRefusalsGrain"/> first, then
/// into its own state, unless it was seen at or before the day's clear. A day that is over is dropped, from the row
/// too once the grain wakes to a new day.
/// </summary>
public sealed class QuotaLedgerGrain(
    [PersistentState("quota-ledger", GrainStorage.Name)] IPersistentState<QuotaLedgerState> state,
    [FromKeyedServices(GrainClock.Key)] TimeProvider time) : Grain, IQuotaLedgerGrain
{
    private IQuotaRefusalsGrain Refusals => GrainFactory.GetGrain<IQuotaRefusalsGrain>(QuotaRefusals.RegistryKey);

    private string AccountKey => this.GetPrimaryKeyString();

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
        if (day.AppliedBatches.TryGetValue(usage.Process, out var applied) && usage.Sequence <= applied)
        {
            return;
        }

        if (usage.Day == today && usage.ClearedAt is { } clearedAt && !(day.ClearedAt >= clearedAt))
        {
            day.ClearedAt = clearedAt;
            await Refusals.LiftAsync(new QuotaLift(AccountKey, clearedAt));
        }

        var now = time.GetUtcNow();
        var fresh = usage.Exhausted.Where(e => e.Until > now && !day.Exhausted.Contains(e)).ToList();
        foreach (var exhaustion in fresh.Where(e => !(day.ClearedAt >= e.At)))
        {
            await Refusals.RefuseAsync(new QuotaRefusal(AccountKey, exhaustion.Api, exhaustion.Until, exhaustion.At));
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
        day.AppliedBatches[usage.Process] = usage.Sequence;
        await WriteAsync(day);
    }

    public Task<QuotaLedger> GetAsync() => Task.FromResult(View(Current(Today)));

    public async Task<QuotaLedger> ClearedAsync()
    {
        // Stored before the refusals are lifted: a 45009 of before the clear flushed from now on stays void.
        var day = Current(Today);
        var clearedAt = time.GetUtcNow();
        day.ClearedAt = clearedAt;
        await WriteAsync(day);
        await Refusals.LiftAsync(new QuotaLift(AccountKey, clearedAt));
        return View(day);
    }

    private DateOnly Today => BeijingDay.Of(time.GetUtcNow());

    private QuotaLedgerState Current(DateOnly today) => state.State.Day == today ? state.State : new QuotaLedgerState { Day = today };

    private async Task WriteAsync(QuotaLedgerState day)
    {
        state.State = day;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // The change is in memory only: the next activation reads the row again, so the batch sent again applies.
            DeactivateOnIdle();
            throw;
        }
    }

    private static QuotaLedger View(QuotaLedgerState day) =>
        new(day.Day, new Dictionary<string, long>(day.Calls, StringComparer.Ordinal), [.. day.Exhausted], day.ClearedAt);
}
