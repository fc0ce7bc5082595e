namespace Grains.Interfaces;

/// <summary>Hands out a platform's WeChat calls per second to its campaigns, keyed by the component appid.</summary>
[Alias("Grains.ICampaignPacerGrain")]
public interface ICampaignPacerGrain : IGrainWithStringKey
{
    /// <summary>Up to <paramref name="wanted"/> calls that may be made now (possibly none), and when more are free.</summary>
    Task<CallPermits> TakeAsync(int wanted);
}

[GenerateSerializer, Immutable]
public sealed record CallPermits([property: Id(0)] int Granted, [property: Id(1)] TimeSpan NextIn);
