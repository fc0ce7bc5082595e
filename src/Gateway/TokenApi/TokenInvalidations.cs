using Grains;
using Microsoft.Extensions.Options;

namespace Gateway.TokenApi;

/// <summary>
/// This gateway's subscription to tokens their grains replaced or withdrew early. While subscribed, a token may be
/// kept until its grain's scheduled refresh (at most <c>Gateway:TokenCacheMaxAge</c>, never inside the contract's
/// 60 s); otherwise (the registry unreachable, a renewal failed or is late) only for <c>Gateway:TokenCacheDuration</c>.
/// A token is trusted only under the subscription it was fetched under: after a gap, or when the registry answers a
/// new epoch (it lost its subscribers), everything held before may have missed an invalidation.
/// </summary>
public sealed partial class TokenInvalidations(
    IGrainFactory grains, TimeProvider time, IOptions<GatewayOptions> options, ILogger<TokenInvalidations> logger)
    : BackgroundService, ITokenInvalidationObserver
{
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromSeconds(1);

    /// <summary>A token kept for its age alone is asked for again, by the first read, in the last quarter of that age.</summary>
    private const int RefreshAheadShare = 4;

    private readonly Lock _gate = new();
    private ITokenInvalidationObserver? _self;
    private Guid _epoch;
    private long _generation;
    private long _heard;
    private long _renewedAtTicks = DateTimeOffset.MinValue.UtcTicks;
    private volatile bool _subscribed;

    /// <summary>Each cache forgets the named owner's token here (an authorizer's grain key or a component appid).</summary>
    public event Action<string>? Replaced;

    /// <summary>What a token fetch starts under; <see cref="Hold"/> trusts its answer only if nothing changed meanwhile.</summary>
    public Snapshot Before() => new(Volatile.Read(ref _generation), Volatile.Read(ref _heard));

    /// <summary>
    /// Judges how long the token fetched at <paramref name="fetchedAt"/> may be kept and hands it to
    /// <paramref name="keep"/> under the same lock as an arriving invalidation, so one never lands between the two.
    /// </summary>
    public T Hold<T>(AccessToken token, DateTimeOffset fetchedAt, Snapshot before, Func<Freshness, T> keep)
    {
        lock (_gate)
        {
            if (options.Value.TokenCacheMaxAge <= TimeSpan.Zero || before != Before() || !IsSubscribed(fetchedAt) || token.CurrentUntil is not { } until)
            {
                return keep(new Freshness(fetchedAt, fetchedAt, before.Generation, DateTimeOffset.MaxValue));
            }

            var current = until < token.ExpiresAt - TokenCache.ContractValidity ? until : token.ExpiresAt - TokenCache.ContractValidity;
            var aged = fetchedAt + SpreadMaxAge();
            return aged < current
                ? keep(new Freshness(fetchedAt, aged, before.Generation, aged - (aged - fetchedAt) / RefreshAheadShare))
                : keep(new Freshness(fetchedAt, current, before.Generation, DateTimeOffset.MaxValue));
        }
    }

    public bool IsFresh(Freshness freshness, DateTimeOffset now) =>
        now - freshness.FetchedAt < options.Value.TokenCacheDuration
        || (now < freshness.TrustedUntil && freshness.Generation == Volatile.Read(ref _generation) && IsSubscribed(now));

    public bool IsSubscribed(DateTimeOffset now) =>
        _subscribed && now.UtcTicks - Volatile.Read(ref _renewedAtTicks) < 2 * TokenInvalidation.RenewalPeriod.Ticks;

    public Task TokenReplacedAsync(string tokenOwner)
    {
        lock (_gate)
        {
            Interlocked.Increment(ref _heard);
            Replaced?.Invoke(tokenOwner);
        }

        return Task.CompletedTask;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_self is not null)
        {
            try
            {
                await Registry.UnsubscribeAsync(_self).WaitAsync(RetryPeriod, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The registry drops this gateway after the expiry anyway.
                LogNotUnsubscribed(logger, ex.GetType().Name);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var renewed = await RenewAsync(stoppingToken);
            try
            {
                await Task.Delay(renewed ? TokenInvalidation.RenewalPeriod : RetryPeriod, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private ITokenInvalidationRegistryGrain Registry => grains.GetGrain<ITokenInvalidationRegistryGrain>(TokenInvalidation.RegistryKey);

    private async Task<bool> RenewAsync(CancellationToken stoppingToken)
    {
        try
        {
            _self ??= grains.CreateObjectReference<ITokenInvalidationObserver>(this);
            var epoch = await Registry.SubscribeAsync(_self).WaitAsync(TokenInvalidation.RenewalPeriod, stoppingToken);
            var now = time.GetUtcNow();
            lock (_gate)
            {
                if (!IsSubscribed(now) || epoch != _epoch)
                {
                    Interlocked.Increment(ref _generation);
                    LogSubscribed(logger);
                }

                _epoch = epoch;
                Volatile.Write(ref _renewedAtTicks, now.UtcTicks);
                _subscribed = true;
            }

            return true;
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            if (_subscribed)
            {
                LogNotRenewed(logger, ex.GetType().Name);
            }

            _subscribed = false;
            return false;
        }
    }

    /// <summary>
    /// A random 75-100% of <c>Gateway:TokenCacheMaxAge</c>: the tokens of a restart's first seconds would otherwise all
    /// be asked for again in the same second, every period.
    /// </summary>
    private TimeSpan SpreadMaxAge() => options.Value.TokenCacheMaxAge * (0.75 + 0.25 * Random.Shared.NextDouble());

    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "Subscribed to token invalidations: tokens are kept until their grain's scheduled refresh")]
    private static partial void LogSubscribed(ILogger logger);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Warning, Message = "Token invalidation subscription not renewed ({Error}): tokens are kept for Gateway:TokenCacheDuration until it is")]
    private static partial void LogNotRenewed(ILogger logger, string error);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Warning, Message = "Token invalidation subscription not withdrawn at shutdown ({Error}); the registry drops it after its expiry")]
    private static partial void LogNotUnsubscribed(ILogger logger, string error);

    public readonly record struct Snapshot(long Generation, long Heard);
}

/// <summary>
/// When a held token was fetched, until when it may be kept without asking, and under which subscription. From
/// <see cref="RefreshAheadFrom"/> (only when its age, not its grain's schedule, ends the trust) a read still serves it
/// and asks the grain again beside it, so a token in use is renewed before its trust ends rather than by a read waiting.
/// </summary>
public readonly record struct Freshness(DateTimeOffset FetchedAt, DateTimeOffset TrustedUntil, long Generation, DateTimeOffset RefreshAheadFrom);
