using Microsoft.Extensions.Logging;

namespace Grains.Index;

/// <summary>
/// An authorizer grain's row in the index, written behind the grain's back: a request never waits for it (so a slow
/// or unreachable database never holds up a token read), writes coalesce to the newest entry, and a write the
/// database refuses is retried on the grain's <see cref="RetryTimer"/> until it lands. The grain state is already
/// saved or held by then.
/// </summary>
internal sealed partial class IndexedEntry(IAuthorizerIndex index, RetryTimer retries, ILogger logger)
{
    private AuthorizerEntry? _written;
    private AuthorizerEntry? _pending;
    private Task? _writing;

    /// <summary>An entry not written yet: refused by the database, or on its way.</summary>
    public bool IsPending => _pending is not null;

    public void Write(AuthorizerEntry entry)
    {
        if (_written is { } written && Same(written, entry))
        {
            _pending = null;
            return;
        }

        _pending = entry;
        StartWriting();
    }

    /// <summary>Writes the pending entry again, if any.</summary>
    public Task RetryAsync() => IsPending ? StartWriting() : Task.CompletedTask;

    /// <summary>One writer at a time; it takes whatever entry is newest when it gets to it.</summary>
    private Task StartWriting()
    {
        if (_writing is not { IsCompleted: false })
        {
            _writing = WriteLatestAsync();
        }

        return _writing;
    }

    private async Task WriteLatestAsync()
    {
        while (_pending is { } entry)
        {
            try
            {
                await index.UpsertAsync(entry);
            }
            catch (Exception ex)
            {
                LogNotWritten(logger, entry.ComponentAppId, entry.AuthorizerAppId, ex.GetType().Name);
                retries.Start();
                return;
            }

            _written = entry;
            if (ReferenceEquals(_pending, entry))
            {
                _pending = null;
            }
        }

        retries.StopIfSettled();
    }

    private static bool Same(AuthorizerEntry a, AuthorizerEntry b) =>
        a with { PermissionSets = b.PermissionSets, UpdatedAt = b.UpdatedAt } == b && a.PermissionSets.SequenceEqual(b.PermissionSets);

    [LoggerMessage(EventId = 2611, Level = LogLevel.Warning, Message = "Authorizer {ComponentAppId}/{AuthorizerAppId}: index row not written ({Error}); retrying")]
    private static partial void LogNotWritten(ILogger logger, string componentAppId, string authorizerAppId, string error);
}
