namespace Grains.Index;

/// <summary>The single-node code ledger: codes older than a day are dropped as new ones arrive.</summary>
public sealed class InMemoryAuthorizationCodeLedger : IAuthorizationCodeLedger
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string, string), string> _codes = [];
    private readonly Queue<(DateTimeOffset At, (string, string) Key)> _byAge = new();

    public Task<string?> FindAsync(string componentAppId, string authorizationCode, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_codes.GetValueOrDefault((componentAppId, authorizationCode)));
        }
    }

    public Task RecordAsync(string componentAppId, string authorizationCode, string authorizerAppId, DateTimeOffset exchangedAt, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            while (_byAge.TryPeek(out var oldest) && oldest.At < exchangedAt - AuthorizationCodes.Kept)
            {
                _codes.Remove(_byAge.Dequeue().Key);
            }

            var key = (componentAppId, authorizationCode);
            if (_codes.TryAdd(key, authorizerAppId))
            {
                _byAge.Enqueue((exchangedAt, key));
            }
        }

        return Task.CompletedTask;
    }
}
