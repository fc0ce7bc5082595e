namespace Grains.Interfaces;

/// <summary>The platform's deliveries (messages and authorization changes) its webhook never took, keyed by component appid.</summary>
[Alias("Grains.IDeadLetterGrain")]
public interface IDeadLetterGrain : IGrainWithStringKey
{
    Task AddAsync(DeadLetter letter);

    /// <summary>The newest <paramref name="max"/> letters, newest first, with the total held.</summary>
    Task<DeadLetterList> ListAsync(int max);

    /// <summary>Hands every letter back to its account's outbox; answers how many.</summary>
    Task<int> RedeliverAsync();
}
