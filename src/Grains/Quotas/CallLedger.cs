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
/// <see cref="IQuotaLedgerGrain"/>, one call per account with calls, and the cluster's refusals are read back from
/// <see cref="IQuotaRefusalsGrain"/>, one call whatever the number of accounts. A 45009 seen here refuses at once
/// in this process; elsewhere from their next read.
/// </summary>
public sealed partial class CallLedger(IGrainFactory grains, TimeProvider time, IOptions<CallLedgerOptions> options, ILogger<CallLedger> logger)
    : BackgroundService, IWeChatCallLedger
{
    private const int ConcurrentFlushes = 8;

    private readonly Lock _lock = new();
    private Dictionary<(WeChatAccount Account, DateOnly Day), PendingUsage> _pending = [];
    private Dictionary<(string AccountKey, string Api), DateTimeOffset> _refusals = [];
    private long _refusalsVersion = -1;

    public DateTimeOffset? RefusedUntil(WeChatAccount account, string api)
    {
        lock (_lock)
        {
            return _refusals.TryGetValue((account.ToString(), api), out var until) && until > time.GetUtcNow() ? until : null;
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
                var until = BeijingDay.NextMidnight(now);
                usage.Exhausted.Add(new QuotaExhaustion(api, now, until));
                _refusals[(account.ToString(), api)] = until;
            }
        }
    }

    /// <summary>The platform cleared the account's quotas: this process stops refusing its calls now, others at their next read.</summary>
    public void Lift(WeChatAccount account)
    {
        lock (_lock)
        {
            foreach (var refused in _refusals.Keys.Where(k => k.AccountKey == account.ToString()).ToList())
            {
                _refusals.Remove(refused);
            }

            foreach (var usage in _pending.Where(p => p.Key.Account == account))
            {
                usage.Value.Exhausted.Clear();
            }
        }
    }

    /// <summary>Tells the ledger grains what was counted since the last flush, then reads the cluster's refusals.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        Dictionary<(WeChatAccount Account, DateOnly Day), PendingUsage> batch;
        lock (_lock)
        {
            (batch, _pending) = (_pending, []);
        }

        await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = ConcurrentFlushes, CancellationToken = cancellationToken },
            async (entry, _) =>
            {
                try
                {
                    await grains.GetGrain<IQuotaLedgerGrain>(entry.Key.Account.ToString())
                        .RecordAsync(new QuotaUsage(entry.Key.Day, entry.Value.Calls, entry.Value.Exhausted));
                }
                catch (Exception ex) when (ex is OrleansException or TimeoutException or PlatformException)
                {
                    LogFlushFailed(logger, entry.Key.Account.ToString(), ex.GetType().Name);
                    Requeue(entry.Key, entry.Value);
                }
            });

        var refusals = await grains.GetGrain<IQuotaRefusalsGrain>(QuotaRefusals.RegistryKey).GetSinceAsync(Volatile.Read(ref _refusalsVersion));
        if (refusals is not null)
        {
            Adopt(refusals);
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
            catch (Exception ex) when (ex is OrleansException or TimeoutException or PlatformException)
            {
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
        catch (Exception ex) when (ex is OrleansException or TimeoutException or PlatformException or OperationCanceledException)
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

    private PendingUsage Pending(WeChatAccount account, DateOnly day)
    {
        if (!_pending.TryGetValue((account, day), out var usage))
        {
            _pending[(account, day)] = usage = new PendingUsage();
        }

        return usage;
    }

    private void Requeue((WeChatAccount Account, DateOnly Day) key, PendingUsage failed)
    {
        lock (_lock)
        {
            var usage = Pending(key.Account, key.Day);
            foreach (var (api, calls) in failed.Calls)
            {
                usage.Calls[api] = usage.Calls.GetValueOrDefault(api) + calls;
            }

            usage.Exhausted.AddRange(failed.Exhausted);
        }
    }

    // The cluster's list, plus this process's own 45009s not yet told to a ledger grain.
    private void Adopt(QuotaRefusals refusals)
    {
        lock (_lock)
        {
            var adopted = refusals.InForce.ToDictionary(r => (r.AccountKey, r.Api), r => r.Until);
            foreach (var ((account, _), usage) in _pending)
            {
                foreach (var exhaustion in usage.Exhausted)
                {
                    adopted[(account.ToString(), exhaustion.Api)] = exhaustion.Until;
                }
            }

            _refusals = adopted;
            Volatile.Write(ref _refusalsVersion, refusals.Version);
        }
    }

    private sealed class PendingUsage
    {
        public Dictionary<string, long> Calls { get; } = new(StringComparer.Ordinal);

        public List<QuotaExhaustion> Exhausted { get; } = [];
    }

    [LoggerMessage(EventId = 2701, Level = LogLevel.Warning, Message = "Could not tell the quota ledger of {Account} its calls ({Error}); kept for the next flush")]
    private static partial void LogFlushFailed(ILogger logger, string account, string error);

    [LoggerMessage(EventId = 2702, Level = LogLevel.Warning, Message = "Could not read the cluster's quota refusals ({Error}); this process refuses what it knew")]
    private static partial void LogRefusalsUnread(ILogger logger, string error);

    [LoggerMessage(EventId = 2703, Level = LogLevel.Warning, Message = "The last flush of WeChat call counts at shutdown failed ({Error}); they are lost")]
    private static partial void LogLastFlushFailed(ILogger logger, string error);
}
