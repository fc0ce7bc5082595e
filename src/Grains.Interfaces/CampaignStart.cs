namespace Grains.Interfaces;

/// <summary>What a start request came to.</summary>
public enum CampaignStartOutcome
{
    /// <summary>A new campaign, stored and running.</summary>
    Started,

    /// <summary>The idempotency key had started this very campaign already: nothing new was started.</summary>
    Repeated,

    /// <summary>The idempotency key had started a campaign that asked for something else: nothing was started.</summary>
    KeyReused,
}

/// <summary>The campaign a start request came to (for <see cref="CampaignStartOutcome.KeyReused"/>, the one holding the key).</summary>
[GenerateSerializer, Immutable]
public sealed record CampaignStart(
    [property: Id(0)] Campaign Campaign,
    [property: Id(1)] CampaignStartOutcome Outcome);
