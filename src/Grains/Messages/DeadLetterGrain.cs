using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grains.Messages;

/// <summary>One platform's dead letters: kept (encrypted) until an operator redelivers them.</summary>
public sealed partial class DeadLetterGrain(
    [PersistentState("dead-letters", GrainStorage.Name)] IPersistentState<DeadLetterState> state,
    IOptions<WebhookOptions> options,
    ILogger<DeadLetterGrain> logger) : Grain, IDeadLetterGrain
{
    private DurableState<DeadLetterState>? _store;

    private DurableState<DeadLetterState> Store => _store ??= new(state, this);

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Store.FlushAsync();

    public async Task AddAsync(DeadLetter letter)
    {
        var dropped = 0;
        await Store.WriteAsync(s =>
        {
            if (s.Letters.Exists(l => l.Id == letter.Id && l.AuthorizerAppId == letter.AuthorizerAppId))
            {
                return false;
            }

            s.Letters.Add(StoredDeadLetter.From(letter));
            dropped = Math.Max(0, s.Letters.Count - options.Value.DeadLetterCapacity);
            s.Letters.RemoveRange(0, dropped);
            s.Dropped += dropped;
            return true;
        });

        if (dropped > 0)
        {
            LogDropped(logger, this.GetPrimaryKeyString(), dropped, options.Value.DeadLetterCapacity);
        }
    }

    public Task<DeadLetterList> ListAsync(int max)
    {
        var letters = state.State.Letters;
        var newest = letters.AsEnumerable().Reverse().Take(Math.Max(0, max)).Select(l => l.ToLetter()).ToList();
        return Task.FromResult(new DeadLetterList(letters.Count, state.State.Dropped, newest));
    }

    public async Task<int> RedeliverAsync()
    {
        var letters = state.State.Letters.ToList();
        foreach (var letter in letters)
        {
            var outbox = GrainFactory.GetGrain<IMessageOutboxGrain>(AuthorizerKey.For(this.GetPrimaryKeyString(), letter.AuthorizerAppId));
            await outbox.RequeueAsync(letter.ToLetter());
            await Store.WriteAsync(s => s.Letters.RemoveAll(l => l.Id == letter.Id && l.AuthorizerAppId == letter.AuthorizerAppId) > 0);
        }

        return letters.Count;
    }

    [LoggerMessage(EventId = 2351, Level = LogLevel.Error, Message = "Dead letters of {ComponentAppId} exceed {Capacity}: dropped the {Count} oldest")]
    private static partial void LogDropped(ILogger logger, string componentAppId, int count, int capacity);
}
