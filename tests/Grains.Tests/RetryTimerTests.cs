using Grains.Authorizer;
using Grains.Index;
using Grains.Messages;
using Grains.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Grains.Tests;

/// <summary>A platform with a webhook (nothing listens there), an index that can be cut and every grain's timers counted.</summary>
public sealed class OutageCluster : TokenCluster
{
    private readonly int _refusingPort = ReservedPorts.Take();

    public OutageCluster() => ReachableIndex = new(Index);

    public ReachableIndex ReachableIndex { get; }

    public CountedTimers Timers { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("WeChat:Components:0:WebhookUrl", $"http://127.0.0.1:{_refusingPort}/webhook"),
        new("WeChat:Components:0:WebhookSecret", "whsec_Z3JhaW4tdGVzdHMtd2ViaG9vay1zZWNyZXQ="),
    ];

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<IAuthorizerIndex>(ReachableIndex);
        Timers.Install(services);
    }
}

/// <summary>What an account's grain retries while storage, the index or the outbox refuses it: all of it, on one timer.</summary>
public sealed class RetryTimerTests(OutageCluster cluster) : IClassFixture<OutageCluster>
{
    [Fact]
    public async Task A_change_refused_by_storage_the_index_and_the_outbox_lands_everywhere_on_one_retry_timer()
    {
        await cluster.StartComponentAsync();
        var account = Accounts.Account(23);
        await cluster.AuthorizeAsync(account);
        var grain = cluster.Authorizer(account).GetGrainId();

        cluster.Store.Unreachable = _ => true;
        cluster.ReachableIndex.Cut = true;
        var revokedAt = cluster.Time.GetUtcNow();
        var refused = await Assert.ThrowsAsync<PlatformException>(() => cluster.Authorizer(account).RevokeAsync(revokedAt));
        Assert.Equal(PlatformProblem.StorageUnavailable, refused.Problem);
        Assert.Equal(1, cluster.Timers.Running(grain));

        // The account's row is back but the outbox's is not: the state and the index land, the hand-over still waits.
        cluster.Store.Unreachable = stateName => stateName == "outbox";
        cluster.ReachableIndex.Cut = false;
        await Eventually.Until(() => Stored(account) is { Status: AuthorizerStatus.Unauthorized, OutgoingChanges.Count: 1 });
        await Eventually.Until(async () => (await cluster.ListAuthorizersAsync()).Any(e => e.AuthorizerAppId == account && e.Status == AuthorizerStatus.Unauthorized));
        Assert.Equal(1, cluster.Timers.Running(grain));

        cluster.Store.Unreachable = null;
        await Eventually.Until(() => Stored(account) is { OutgoingChanges: null });
        Assert.Equal([AuthorizationEvent.Authorized, AuthorizationEvent.Unauthorized], Outbox(account)!.Pending.Select(p => p.AuthorizationChange?.Event));
        await Eventually.Until(() => cluster.Timers.Running(grain) == 0);
        Assert.Equal(1, cluster.Timers.MostAtOnce(grain));
    }

    [Fact]
    public async Task A_change_whose_save_meets_another_activations_write_twice_lands_on_the_retry_timer()
    {
        await cluster.StartComponentAsync();
        var account = Accounts.Account(24);
        await cluster.AuthorizeAsync(account);
        var grain = cluster.Authorizer(account).GetGrainId();

        // The write conflicts, and so does the write after the re-read: the change is held for the retry timer.
        cluster.Store.WriteInBetween("authorizer", times: 2);
        var refused = await Assert.ThrowsAsync<PlatformException>(() => cluster.Authorizer(account).RevokeAsync(cluster.Time.GetUtcNow()));
        Assert.Equal(PlatformProblem.StorageUnavailable, refused.Problem);
        Assert.Equal(1, cluster.Timers.Running(grain));

        await Eventually.Until(() => Stored(account) is { Status: AuthorizerStatus.Unauthorized, OutgoingChanges: null });
        Assert.Equal([AuthorizationEvent.Authorized, AuthorizationEvent.Unauthorized], Outbox(account)!.Pending.Select(p => p.AuthorizationChange?.Event));
        await Eventually.Until(async () => (await cluster.ListAuthorizersAsync()).Any(e => e.AuthorizerAppId == account && e.Status == AuthorizerStatus.Unauthorized));
        await Eventually.Until(() => cluster.Timers.Running(grain) == 0);
    }

    private AuthorizerState? Stored(string account) => cluster.Peek<AuthorizerState>("authorizer", cluster.Authorizer(account));

    private OutboxState? Outbox(string account) =>
        cluster.Peek<OutboxState>("outbox", cluster.Grains.GetGrain<IMessageOutboxGrain>(AuthorizerKey.For(Accounts.ComponentAppId, account)));
}
