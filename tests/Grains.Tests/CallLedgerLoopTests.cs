using System.Reflection;
using Grains.Quotas;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using WeChat.Api.Quotas;

namespace Grains.Tests;

/// <summary>
/// The ledger's flush loop runs in every silo and gateway host, where an exception it lets out stops the host: a
/// failure of any kind (here one no Orleans caller expects, as a driver exception that could not cross the wire
/// arrives) keeps the counts for the next flush and the loop running.
/// </summary>
public sealed class CallLedgerLoopTests
{
    private const string Ticket = "/cgi-bin/ticket/getticket";

    [Fact]
    public async Task A_flush_that_fails_with_an_unexpected_exception_keeps_the_counts_and_the_next_flush_sends_them()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero));
        var ledgerGrain = Proxy<IQuotaLedgerGrain, LedgerGrain>();
        var grains = Proxy<IGrainFactory, GrainFactory>();
        ((GrainFactory)(object)grains).Ledger = ledgerGrain;
        var options = new CallLedgerOptions();
        using var ledger = new CallLedger(grains, time, Options.Create(options), NullLogger<CallLedger>.Instance);
        var account = new WeChatAccount("wx5a4db0c0de000001", "wx5a4db0acc0000001");
        ledger.Count(account, Ticket, 0);

        await ledger.StartAsync(TestContext.Current.CancellationToken);
        var calls = (LedgerGrain)(object)ledgerGrain;

        // The loop arms its timer on a thread of its own, so the clock steps on until a flush has got through.
        await Eventually.Until(() =>
        {
            time.Advance(options.FlushInterval);
            return calls.Recorded.Count == 1;
        });

        Assert.False(ledger.ExecuteTask!.IsCompleted);
        Assert.True(calls.Attempts >= 2);
        Assert.Equal(1, Assert.Single(calls.Recorded).Calls[Ticket]);
        await ledger.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Counts_of_flushes_that_could_not_reach_the_ledger_grain_wait_in_one_batch_behind_the_first()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero));
        var ledgerGrain = Proxy<IQuotaLedgerGrain, LedgerGrain>();
        var calls = (LedgerGrain)(object)ledgerGrain;
        calls.FailFirst = 4;
        var grains = Proxy<IGrainFactory, GrainFactory>();
        ((GrainFactory)(object)grains).Ledger = ledgerGrain;
        using var ledger = new CallLedger(grains, time, Options.Create(new CallLedgerOptions()), NullLogger<CallLedger>.Instance);
        var account = new WeChatAccount("wx5a4db0c0de000001", "wx5a4db0acc0000001");

        for (var flush = 0; flush < 5; flush++)
        {
            ledger.Count(account, Ticket, 0);
            await ledger.FlushAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(2, calls.Recorded.Count);
        Assert.Equal([1, 4], calls.Recorded.Select(b => b.Calls[Ticket]));
        Assert.True(calls.Recorded[0].Sequence < calls.Recorded[1].Sequence);
    }

    private static T Proxy<T, TProxy>() where TProxy : DispatchProxy => DispatchProxy.Create<T, TProxy>();

    /// <summary>The ledger grain: its first calls fail with what Orleans reports for an error it cannot deserialize.</summary>
    public class LedgerGrain : DispatchProxy
    {
        public int Attempts;
        public int FailFirst = 1;
        public List<QuotaUsage> Recorded { get; } = [];

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            if (Interlocked.Increment(ref Attempts) <= FailFirst)
            {
                return Task.FromException(new Orleans.Serialization.CodecNotFoundException("Could not find a codec for type Npgsql.PostgresException."));
            }

            lock (Recorded)
            {
                Recorded.Add((QuotaUsage)args![0]!);
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>The grain factory: the one ledger grain, and a refusals grain with no change to tell.</summary>
    public class GrainFactory : DispatchProxy
    {
        public IQuotaLedgerGrain? Ledger;

        protected override object? Invoke(MethodInfo? method, object?[]? args) =>
            method!.GetGenericArguments().Single() == typeof(IQuotaLedgerGrain) ? Ledger : Proxy<IQuotaRefusalsGrain, NoRefusals>();
    }

    public class NoRefusals : DispatchProxy
    {
        protected override object? Invoke(MethodInfo? method, object?[]? args) => Task.FromResult<QuotaRefusals?>(null);
    }
}
