using Npgsql;

namespace Grains.Index;

internal static class PostgresCommands
{
    /// <summary>
    /// Runs a command once more after a connection failure: after PostgreSQL restarts, every pooled connection fails
    /// on first use, and a read should not fail for that. The idle pool is cleared before the second attempt.
    /// </summary>
    public static async Task<T> RetriedOnceAsync<T>(NpgsqlDataSource database, Func<Task<T>> run)
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
}
