using Grains.Campaigns;

namespace Grains.Tests.Support;

/// <summary>Counts the waves that asked the platform's pacer for calls, as every silo's calls pass this filter.</summary>
public sealed class PacerTakes : IIncomingGrainCallFilter
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.Grain is CampaignPacerGrain)
        {
            Interlocked.Increment(ref _count);
        }

        return context.Invoke();
    }
}
