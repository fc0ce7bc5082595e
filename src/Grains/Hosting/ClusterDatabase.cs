using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Grains.Hosting;

/// <summary>The PostgreSQL database that holds the cluster's membership, reminders and grain state.</summary>
public static class ClusterDatabase
{
    public const string ConnectionStringName = "Orleans";
    public const string Invariant = "Npgsql";

    /// <summary>
    /// Connections per process unless the connection string says otherwise. Every silo and gateway opens its own
    /// pool, so silos × this plus gateways × <see cref="ClientPoolSize"/> must stay under PostgreSQL's max_connections.
    /// </summary>
    public const int SiloPoolSize = 20;

    public const int ClientPoolSize = 4;

    /// <summary>A silo's own pool for the tables the project owns (the authorizer index, codes, activity).</summary>
    public const int IndexPoolSize = 10;

    /// <summary>The service key of that pool's <see cref="Npgsql.NpgsqlDataSource"/>.</summary>
    public const string IndexKey = "authorizer-index";

    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetConnectionString(ConnectionStringName));

    /// <summary>The configured connection string with this service's defaults: a bounded pool and UTC sessions.</summary>
    public static string ConnectionString(IConfiguration configuration, int defaultPoolSize)
    {
        var configured = configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is not set.");
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(configured);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is not a valid PostgreSQL connection string: {ex.Message}");
        }

        if (!configured.Contains("Maximum Pool Size", StringComparison.OrdinalIgnoreCase)
            && !configured.Contains("MaxPoolSize", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxPoolSize = defaultPoolSize;
        }

        builder.Timezone ??= "UTC";
        builder.ApplicationName ??= "wechat-component-platform";
        return builder.ConnectionString;
    }
}
