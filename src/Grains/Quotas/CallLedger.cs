using Grains.Interfaces;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChat.Api;
using WeChat.Api.Quotas;

namespace Grains.Quotas;

/// <summary>
/// This process's share of the quota ledger. Counting a call is a dictionary increment under a lock; every
/// <see cref="CallLedgerOptions.FlushInterval"/> (and at shutdown) the counts go to each called account's
/// <see cref="IQuotaLedgerGrain"/> as a numbered batch, one per account with calls, and the changes of the cluster's
/// refusals are read back from <see cref="IQuotaRefusalsGrain"/>, one call whatever the number of accounts. A 45009
/// seen here refuses at once in this process, elsewhere from their next read; a <c>cgi-bin/clear_quota</c> WeChat
/// answered 0 (the proxy's or the quota route's) lifts the account's refusals here at once, elsewhere the same way.
/// </summary>
public sealed partial class CallLedger(IGrainFactory grains, TimeProvider time, IOptions<CallLedgerOptions> options, ILogger<CallLedger> logger)
    : BackgroundService, IWeChatCallLedger
{
    private const int ConcurrentFlushes = 8;
    private const string ClearQuota = "/" + ComponentApis.ClearQuota;

    private readonly Lock _lock = new();
    private readonly string _process = Guid.NewGuid().ToString("N");
    private readonly RefusalView _refusals = new();
    private Dictionary<(WeChatAccount Account, DateOnly Day), PendingUsage> _pending = [];

    // Batches told to no ledger grain yet, per account in order: one whose answer was lost is sent again as it was.
    private readonly Dictionary<WeChatAccount, List<QuotaUsage>> _unsent = [];
    private long _sequence;

    public DateTimeOffset? RefusedUntil(WeChatAccount account, string api)
    {
        lock (_lock)
        {
            return _refusals.RefusedUntil(account.ToString(), api, time.GetUtcNow());
        }
    }

    public void Count(WeChatAccount account, string api, int? errorCode)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var usage = Pending(account, BeijingDay.Of(now));
            usage.Calls[api] = usage.Calls.GetValueOrDefault(api) + 1;
            if (errorCode == WeChatErrorCodes.DailyQuotaReached)
            {
                var exhaustion = new QuotaExhaustion(api, now, BeijingDay.NextMidnight(now));
                usage.Exhausted.Add(exhaustion);
                _refusals.Refuse(new QuotaRefusal(account.ToString(), api, exhaustion.Until, now));
            }
            else if (errorCode == 0 && api == ClearQuota)
            {
                // The 45009s seen until now stay in the batch (the ledger shows them cleared) but refuse nothing.
                usage.ClearedAt = now;
                _refusals.Lift(new QuotaLift(account.ToString(), now));
            }
        }
    }

    /// <summary>Tells the ledger grains what was counted since the last flush, then reads the cluster's refusals.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        List<(WeChatAccount Account, List<QuotaUsage> Batches)> toSend;
        lock (_lock)
        {
            foreach (var ((account, day), usage) in _pending)
            {
                var batch = new QuotaUsage(day, usage.Calls, usage.Exhausted, _process, ++_sequence, usage.ClearedAt);
                if (!_unsent.TryGetValue(account, out var batches))
                {
                    _unsent[account] = batches = [];
                }

                // Only an account's first unsent batch may have reached its grain (the answer lost); those behind it
                // never left, so while the grain cannot be reached the counts add up in one batch, not one per flush.
                if (batches.Count > 1 && batches[^1].Day == day)
                {
                    batches[^1] = Merged(batches[^1], batch);
                }
                else
                {
                    batches.Add(batch);
                }
            }

            _pending = [];
            toSend = [.. _unsent.Select(u => (u.Key, u.Value.ToList()))];
        }

        await Parallel.ForEachAsync(toSend, new ParallelOptions { MaxDegreeOfParallelism = ConcurrentFlushes, CancellationToken = cancellationToken },
            async (entry, _) => await SendAsync(entry.Account, entry.Batches));

        Guid epoch;
        long version;
        lock (_lock)
        {
            (epoch, version) = (_refusals.Epoch, _refusals.Version);
        }

        var changes = await grains.GetGrain<IQuotaRefusalsGrain>(QuotaRefusals.RegistryKey).GetSinceAsync(epoch, version);
        if (changes is not null)
        {
            lock (_lock)
            {
                var (refused, lifted) = Unflushed();
                _refusals.Adopt(changes, refused, lifted, time.GetUtcNow());
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.FlushInterval, time);
        while (await WaitAsync(timer, stoppingToken))
        {
            try
            {
                await FlushAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Whatever a flush meets (a silo gone, the database down, an error that could not cross the wire), the
                // counts stay here for the next one: a failing flush must not stop the host this loop runs in.
                LogRefusalsUnread(logger, ex.GetType().Name);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            LogLastFlushFailed(logger, ex.GetType().Name);
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>An account's batches in order; the first that fails stops the rest until the next flush, so none overtakes it.</summary>
    private async Task SendAsync(WeChatAccount account, List<QuotaUsage> batches)
    {
        var ledger = grains.GetGrain<IQuotaLedgerGrain>(account.ToString());
        foreach (var batch in batches)
        {
            try
            {
                await ledger.RecordAsync(batch);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFlushFailed(logger, account.ToString(), ex.GetType().Name);
                return;
            }

            lock (_lock)
            {
                var unsent = _unsent[account];
                unsent.Remove(batch);
                if (unsent.Count == 0)
                {
                    _unsent.Remove(account);
                }
            }
        }
    }

    private PendingUsage Pending(WeChatAccount account, DateOnly day)
    {
        if (!_pending.TryGetValue((account, day), out var usage))
        {
            _pending[(account, day)] = usage = new PendingUsage();
        }

        return usage;
    }

    // This process's own 45009s and clears the registry may not have yet: counted since the last flush, or in batches
    // not yet taken.
    private (List<QuotaRefusal> Refused, List<QuotaLift> Lifted) Unflushed()
    {
        var batches = _pending.Select(p => (Account: p.Key.Account.ToString(), Exhausted: (IEnumerable<QuotaExhaustion>)p.Value.Exhausted, p.Value.ClearedAt))
            .Concat(_unsent.SelectMany(u => u.Value.Select(b => (Account: u.Key.ToString(), Exhausted: (IEnumerable<QuotaExhaustion>)b.Exhausted, b.ClearedAt))))
            .ToList();
        return (
            [.. batches.SelectMany(b => b.Exhausted.Select(e => new QuotaRefusal(b.Account, e.Api, e.Until, e.At)))],
            [.. batches.Where(b => b.ClearedAt is not null).Select(b => new QuotaLift(b.Account, b.ClearedAt!.Value))]);
    }

    private static QuotaUsage Merged(QuotaUsage earlier, QuotaUsage later)
    {
        var calls = new Dictionary<string, long>(earlier.Calls, StringComparer.Ordinal);
        foreach (var (api, count) in later.Calls)
        {
            calls[api] = calls.GetValueOrDefault(api) + count;
        }

        var clearedAt = later.ClearedAt > earlier.ClearedAt || earlier.ClearedAt is null ? later.ClearedAt : earlier.ClearedAt;
        return earlier with { Calls = calls, Exhausted = [.. earlier.Exhausted, .. later.Exhausted], ClearedAt = clearedAt };
    }

    private sealed class PendingUsage
    {
        public Dictionary<string, long> Calls { get; } = new(StringComparer.Ordinal);

        public List<QuotaExhaustion> Exhausted { get; } = [];

        public DateTimeOffset? ClearedAt { get; set; }
    }

    [LoggerMessage(EventId = 2701, Level = LogLevel.Warning, Message = "Could not tell the quota ledger of {Account} its calls ({Error}); kept for the next flush")]
    private static partial void LogFlushFailed(ILogger logger, string account, string error);

    [LoggerMessage(EventId = 2702, Level = LogLevel.Warning, Message = "Could not read the cluster's quota refusals ({Error}); this process refuses what it knew")]
    private static partial void LogRefusalsUnread(ILogger logger, string error);

    [LoggerMessage(EventId = 2703, Level = LogLevel.Warning, Message = "The last flush of WeChat call counts at shutdown failed ({Error}); they are lost")]
    private static partial void LogLastFlushFailed(ILogger logger, string error);
}
