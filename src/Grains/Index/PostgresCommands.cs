using Npgsql;

namespace Grains.Index;

internal static class PostgresCommands
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Runs an idempotent command, once more after a connection failure: after PostgreSQL restarts every pooled
    /// connection fails on first use, and a read should not fail for that (the idle pool is cleared first). A failure
    /// that remains reaches grains and their callers as <see cref="PlatformProblem.StorageUnavailable"/>, a problem they
    /// can answer, instead of a driver exception that cannot even cross an Orleans call.
    /// </summary>
    public static async Task<T> RetriedOnceAsync<T>(NpgsqlDataSource database, Func<Task<T>> run)
    {
        try
        {
            try
            {
                return await run();
            }
            catch (NpgsqlException ex) when (ex.IsTransient)
            {
                database.Clear();
                return await run();
            }
        }
        catch (NpgsqlException ex)
        {
            throw new PlatformException(PlatformProblem.StorageUnavailable,
                $"The authorizer index is unreachable ({ex.GetType().Name}); try again shortly.", RetryAfter);
        }
    }

    public static Task RetriedOnceAsync(NpgsqlDataSource database, Func<Task> run) =>
        RetriedOnceAsync(database, async () =>
        {
            await run();
            return true;
        });
}
