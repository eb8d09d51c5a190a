using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Turnout.Wire.Hosting;

namespace Turnout.Cli;

/// <summary><c>turnout serve</c>: the control plane, runtime and CloudWatch API on one port.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Address to listen on.",
            DefaultValueFactory = _ => "http://127.0.0.1:8080",
        };
        var dataDir = new Option<string>("--data-dir")
        {
            Description = "Directory for Turnout's state (SQLite database, unpacked artifacts).",
            DefaultValueFactory = _ => "./turnout-data",
        };
        var s3Root = new Option<string?>("--s3-root")
        {
            Description = "Directory that stands in for S3: s3://bucket/key is read from DIR/bucket/key.",
        };
        var region = new Option<string>("--region")
        {
            Description = "Region written into ARNs.",
            DefaultValueFactory = _ => "us-east-1",
        };
        var account = new Option<string>("--account-id")
        {
            Description = "12-digit account id written into ARNs.",
            DefaultValueFactory = _ => "000000000000",
        };
        var alarmInterval = new Option<int>("--alarm-interval")
        {
            Description = "Seconds between alarm evaluations.",
            DefaultValueFactory = _ => 10,
        };
        var autoScalingInterval = new Option<int>("--autoscaling-interval")
        {
            Description = "Seconds between evaluations of auto scaling policies (AWS works on 1-minute metrics).",
            DefaultValueFactory = _ => 60,
        };
        var autoScalingWindow = new Option<int>("--autoscaling-metric-window")
        {
            Description = "Seconds over which target tracking measures InvocationsPerInstance (reported per minute).",
            DefaultValueFactory = _ => 60,
        };
        var instanceCatalog = new Option<string?>("--instance-catalog")
        {
            Description = "JSON file of ml.* instance types ({\"instanceTypes\": {\"ml.m5.xlarge\": {\"vcpus\": 4, \"memoryGiB\": 16, \"concurrency\": 4}}}) added to or replacing the built-in catalogue (docs/instance-types.md).",
        };
        var logFormat = new Option<string>("--log-format")
        {
            Description = "json: one structured line per event (default); text: for reading at a terminal.",
            DefaultValueFactory = _ => "json",
        };
        logFormat.AcceptOnlyFromAmong("json", "text");
        var logLevel = new Option<LogLevel>("--log-level")
        {
            Description = "Minimum log level (Trace, Debug, Information, Warning, Error).",
            DefaultValueFactory = _ => LogLevel.Information,
        };

        // Auth options (SECURITY.md).
        var credentials = new Option<string?>("--credentials")
        {
            Description = "JSON file of SigV4 access keys ({\"keys\": [{\"accessKeyId\", \"secretAccessKey\", \"allow\", \"resources\"}]}); reloaded when it changes. Without it, authentication is off and only loopback addresses are allowed.",
        };
        var insecureNoAuth = new Option<bool>("--insecure-no-auth")
        {
            Description = "Allow listening on a non-loopback address without --credentials (only behind something that authenticates callers).",
        };
        var tlsCert = new Option<string?>("--tls-cert")
        {
            Description = "PEM certificate for https:// addresses in --urls.",
        };
        var tlsKey = new Option<string?>("--tls-key")
        {
            Description = "PEM private key of --tls-cert (if not in the certificate file).",
        };

        // Overload options (README "Overload and faults").
        var maxQueue = new Option<int>("--max-queue-per-instance")
        {
            Description = "Requests that may wait on one instance besides the ones its instance type runs at once (its catalogue concurrency); beyond that the variant answers 503 ServiceUnavailable at once. 0 = 64 per concurrency slot.",
            DefaultValueFactory = _ => 0,
        };
        var modelTimeout = new Option<double>("--model-timeout")
        {
            Description = "Seconds an invocation may spend in the model before it is answered with ModelError and its instance is replaced; 0 turns the limit off.",
            DefaultValueFactory = _ => 60,
        };
        var metricsToken = new Option<string?>("--metrics-token-file")
        {
            Description = "File holding a bearer token that lets GET /metrics (a Prometheus scrape) through without SigV4 when --credentials is on.",
        };

        var store = new Option<string?>("--store")
        {
            Description = "Keep state in PostgreSQL shared by several nodes: postgres://user:password@host:5432/database or an Npgsql connection string (Host=...;Username=...;Database=...). Default: SQLite in --data-dir. See docs/cluster.md.",
        };

        // Cluster options (docs/cluster.md); they matter only when nodes share a PostgreSQL store.
        var nodeId = new Option<string?>("--node-id")
        {
            Description = "This node's name in the cluster (node registry, metric rows); unique per running node (default: host name and a random suffix).",
        };
        var nodeUrl = new Option<string?>("--node-url")
        {
            Description = "URL the other nodes reach this node at, for forwarded invocations (default: the first --urls address).",
        };
        var nodeCapacity = new Option<int>("--node-capacity")
        {
            Description = "Variant instances this node hosts at most; placement spreads instances by free capacity (default: CPU count).",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        nodeCapacity.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--node-capacity must be at least 1.");
            }
        });

        var command = new Command("serve", """
            Start the Turnout server.

            Examples:
              turnout serve
              turnout serve --urls http://127.0.0.1:9000 --data-dir /var/lib/turnout --s3-root /srv/models
              turnout serve --urls https://0.0.0.0:8443 --credentials keys.json --tls-cert cert.pem --tls-key key.pem
              turnout serve --store postgres://turnout:secret@db.internal:5432/turnout
            """)
        {
            urls, dataDir, s3Root, region, account, alarmInterval, logFormat, logLevel, credentials, insecureNoAuth, tlsCert, tlsKey,
            autoScalingInterval, autoScalingWindow, instanceCatalog,
            maxQueue, modelTimeout, metricsToken,
        };
        command.Options.Add(store);
        command.Options.Add(nodeId);
        command.Options.Add(nodeUrl);
        command.Options.Add(nodeCapacity);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new ServerOptions
            {
                Urls = parse.GetValue(urls)!,
                DataDirectory = parse.GetValue(dataDir)!,
                S3Root = parse.GetValue(s3Root) is { } root ? Path.GetFullPath(root) : null,
                Region = parse.GetValue(region)!,
                AccountId = parse.GetValue(account)!,
                LogLevel = parse.GetValue(logLevel),
                LogFormat = parse.GetValue(logFormat)!,
                AlarmEvaluationInterval = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(alarmInterval))),
                CredentialsFile = parse.GetValue(credentials),
                InsecureNoAuth = parse.GetValue(insecureNoAuth),
                TlsCertificateFile = parse.GetValue(tlsCert),
                TlsKeyFile = parse.GetValue(tlsKey),
                AutoScalingInterval = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(autoScalingInterval))),
                AutoScalingMetricWindow = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(autoScalingWindow))),
                InstanceCatalogFile = parse.GetValue(instanceCatalog),
                MaxQueuePerInstance = Math.Max(0, parse.GetValue(maxQueue)),
                ModelTimeout = TimeSpan.FromSeconds(Math.Max(0, parse.GetValue(modelTimeout))),
                MetricsToken = parse.GetValue(metricsToken) is { } tokenFile ? ReadToken(tokenFile) : null,
                Store = parse.GetValue(store),
                NodeUrl = parse.GetValue(nodeUrl),
                NodeCapacity = parse.GetValue(nodeCapacity),
            };
            if (options.MetricsToken is { Length: 0 })
            {
                await Console.Error.WriteLineAsync("turnout: --metrics-token-file is empty or unreadable; put a random token in it (openssl rand -hex 32).").ConfigureAwait(false);
                return 2;
            }

            if (parse.GetValue(nodeId) is { Length: > 0 } id)
            {
                options = options with { NodeId = id };
            }

            WebApplication app;
            try
            {
                app = TurnoutApp.Build(options);
            }
            catch (Turnout.Wire.Auth.StartupRefusedException e)
            {
                await Console.Error.WriteLineAsync("turnout: " + e.Message).ConfigureAwait(false);
                return 2;
            }

            await using var running = app;
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static string ReadToken(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (IOException)
        {
            return string.Empty;
        }
        catch (UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
