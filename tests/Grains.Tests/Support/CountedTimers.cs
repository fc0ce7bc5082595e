using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Timers;

namespace Grains.Tests.Support;

/// <summary>
/// Orleans' timer registry with a count of each grain's timers: how many run now, and the most that ran at once.
/// Installed over the silo's own registry, so grains register their timers exactly as in production.
/// </summary>
public sealed class CountedTimers
{
    private readonly ConcurrentDictionary<GrainId, (int Running, int Most)> _counts = new();

    public int Running(GrainId grain) => _counts.TryGetValue(grain, out var count) ? count.Running : 0;

    public int MostAtOnce(GrainId grain) => _counts.TryGetValue(grain, out var count) ? count.Most : 0;

    /// <summary>Wraps the registry the silo's services already name.</summary>
    public void Install(IServiceCollection services)
    {
        var original = services.Last(d => d.ServiceType == typeof(ITimerRegistry));
        services.Add(ServiceDescriptor.Describe(typeof(ITimerRegistry),
            sp => new Registry((ITimerRegistry)Create(sp, original), this), original.Lifetime));
    }

    private static object Create(IServiceProvider services, ServiceDescriptor original) =>
        original.ImplementationInstance
        ?? original.ImplementationFactory?.Invoke(services)
        ?? ActivatorUtilities.CreateInstance(services, original.ImplementationType!);

    private void Started(GrainId grain) =>
        _counts.AddOrUpdate(grain, (1, 1), (_, c) => (c.Running + 1, Math.Max(c.Most, c.Running + 1)));

    private void Stopped(GrainId grain) => _counts.AddOrUpdate(grain, (0, 0), (_, c) => (c.Running - 1, c.Most));

    private sealed class Registry(ITimerRegistry inner, CountedTimers counts) : ITimerRegistry
    {
        [Obsolete("Orleans' own obsolete overload, passed through; the grains here use RegisterGrainTimer.")]
        public IDisposable RegisterTimer(IGrainContext grainContext, Func<object?, Task> asyncCallback, object? state, TimeSpan dueTime, TimeSpan period) =>
            inner.RegisterTimer(grainContext, asyncCallback, state, dueTime, period);

        public IGrainTimer RegisterGrainTimer<TState>(IGrainContext grainContext, Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
        {
            var timer = inner.RegisterGrainTimer(grainContext, callback, state, options);
            counts.Started(grainContext.GrainId);
            return new Counted(timer, grainContext.GrainId, counts);
        }
    }

    private sealed class Counted(IGrainTimer timer, GrainId grain, CountedTimers counts) : IGrainTimer
    {
        private int _disposed;

        public void Change(TimeSpan dueTime, TimeSpan period) => timer.Change(dueTime, period);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                counts.Stopped(grain);
            }

            timer.Dispose();
        }
    }
}
