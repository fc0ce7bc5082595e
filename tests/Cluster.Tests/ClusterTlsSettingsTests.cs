using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using Cluster.Tests.Support;
using Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace Cluster.Tests;

/// <summary><c>Orleans:Tls</c>: all three files or none, and files a member can really use.</summary>
public sealed class ClusterTlsSettingsTests
{
    [Theory]
    [InlineData("CertificatePath", "KeyPath", "CaPath")]
    [InlineData("KeyPath", "CertificatePath", "CaPath")]
    [InlineData("CaPath", "CertificatePath", "KeyPath")]
    public void Some_but_not_all_of_the_files_set_is_refused_naming_each_one_missing(string set, string missing, string alsoMissing)
    {
        var problems = Problems(new Dictionary<string, string?> { [$"Orleans:Tls:{set}"] = "/etc/wechat-platform/tls/file.pem" });

        Assert.Contains(problems, p => p.StartsWith($"Orleans:Tls:{missing} is not set", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith($"Orleans:Tls:{alsoMissing} is not set", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.StartsWith($"Orleans:Tls:{set} ", StringComparison.Ordinal));
    }

    [Fact]
    public void None_set_is_valid_and_means_plaintext()
    {
        var options = new ClusterTlsOptions();

        Assert.Empty(Problems([]));
        Assert.False(options.Enabled);
    }

    [Fact]
    public void A_member_certificate_its_key_and_its_CA_are_accepted()
    {
        var settings = TestAuthority.Cluster.Settings("silo");

        Assert.Empty(Problems(settings));
        using var credentials = ClusterCredentials.Load(Bind(settings));
        Assert.Equal("CN=silo", credentials.Certificate.Subject);
        Assert.True(credentials.Certificate.HasPrivateKey);
    }

    [Fact]
    public async Task The_certificates_the_operators_openssl_script_makes_are_accepted()
    {
        var directory = Directory.CreateTempSubdirectory("wechat-openssl-").FullName;
        var start = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot(), "scripts", "cluster-certificates.sh"));
        start.ArgumentList.Add(directory);
        using (var script = Process.Start(start)!)
        {
            var output = script.StandardOutput.ReadToEndAsync();
            var error = script.StandardError.ReadToEndAsync();
            await script.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(script.ExitCode == 0, await output + await error);
        }

        foreach (var member in new[] { "silo", "gateway" })
        {
            var settings = new Dictionary<string, string?>
            {
                ["Orleans:Tls:CertificatePath"] = Path.Combine(directory, $"{member}.crt"),
                ["Orleans:Tls:KeyPath"] = Path.Combine(directory, $"{member}.key"),
                ["Orleans:Tls:CaPath"] = Path.Combine(directory, "ca.crt"),
            };

            Assert.Empty(Problems(settings));
        }
    }

    [Fact]
    public void A_certificate_another_CA_signed_is_refused_naming_the_certificate_and_the_CA()
    {
        var settings = TestAuthority.Stranger.Settings("silo");
        settings["Orleans:Tls:CaPath"] = TestAuthority.Cluster.CaPath;

        var problem = Assert.Single(Problems(settings));
        Assert.StartsWith("Orleans:Tls:CertificatePath does not chain to the CA in Orleans:Tls:CaPath", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_that_is_not_the_certificates_is_refused_naming_the_key()
    {
        var settings = TestAuthority.Cluster.Settings("silo");
        settings["Orleans:Tls:KeyPath"] = TestAuthority.Cluster.Issue("another").KeyPath;

        Assert.StartsWith("Orleans:Tls:KeyPath and Orleans:Tls:CertificatePath are not a PEM private key and the certificate", Assert.Single(Problems(settings)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_only_for_clients_is_refused_since_every_member_also_accepts_connections()
    {
        var (certificatePath, keyPath) = TestAuthority.Cluster.Issue("client-only", X509KeyUsageFlags.DigitalSignature, "1.3.6.1.5.5.7.3.2");
        var settings = TestAuthority.Cluster.Settings("silo");
        settings["Orleans:Tls:CertificatePath"] = certificatePath;
        settings["Orleans:Tls:KeyPath"] = keyPath;

        Assert.StartsWith("Orleans:Tls:CertificatePath must allow both server and client authentication", Assert.Single(Problems(settings)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_cannot_be_read_is_refused_naming_the_setting_and_the_path()
    {
        var settings = TestAuthority.Cluster.Settings("silo");
        settings["Orleans:Tls:CaPath"] = "/nonexistent/ca.crt";

        Assert.StartsWith("Orleans:Tls:CaPath names '/nonexistent/ca.crt', which cannot be read", Assert.Single(Problems(settings)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gateway_given_only_a_certificate_does_not_start_and_names_what_is_missing()
    {
        var (host, failure) = await MemberSilo.StartClientAsync((client, builder) =>
        {
            builder.Configuration["Orleans:Tls:CertificatePath"] = TestAuthority.Cluster.Issue("gateway").CertificatePath;
            builder.Configuration["ConnectionStrings:Orleans"] = "Host=127.0.0.1;Port=1;Database=none";
            client.UsePostgresCluster(builder.Configuration);
        });
        using var _ = host;

        var refusal = Assert.IsType<OptionsValidationException>(failure);
        Assert.Contains("Orleans:Tls:KeyPath is not set", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("Orleans:Tls:CaPath is not set", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_without_the_files_warns_at_start_that_the_cluster_is_plaintext()
    {
        var logger = new FakeLogger<ClusterTls>();
        var plaintext = new ClusterTls(Options.Create(new ClusterTlsOptions()), logger);
        var mutual = new ClusterTls(Options.Create(Bind(TestAuthority.Cluster.Settings("silo"))), logger);

        await plaintext.StartAsync(CancellationToken.None);
        await mutual.StartAsync(CancellationToken.None);

        var records = logger.Collector.GetSnapshot();
        Assert.Equal([LogLevel.Warning, LogLevel.Information], records.Select(r => r.Level));
        Assert.StartsWith("PLAINTEXT CLUSTER: Orleans:Tls is not set", records[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("Cluster connections are mutual TLS: this member is CN=silo", records[1].Message, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "WeChatComponentPlatform.slnx")))
        {
            directory = directory.Parent ?? throw new InvalidOperationException("Repository root not found.");
        }

        return directory.FullName;
    }

    private static ClusterTlsOptions Bind(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(ClusterTlsOptions.Section).Get<ClusterTlsOptions>() ?? new ClusterTlsOptions();

    private static List<string> Problems(Dictionary<string, string?> settings)
    {
        var options = Bind(settings);
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage!)];
    }
}
