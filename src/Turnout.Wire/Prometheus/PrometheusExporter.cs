using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Turnout.Metrics;
using Turnout.Metrics.Live;

namespace Turnout.Wire.Prometheus;

/// <summary>
/// <c>GET /metrics</c>: per-variant counters and latency histograms labelled <c>endpoint</c> and
/// <c>variant</c>, the metrics store's size, and process/runtime metrics. A scrape only reads: harvested
/// totals plus a racy read of the live per-core cells, so recording never waits on it.
/// </summary>
public sealed class PrometheusExporter(MetricsHub hub, Turnout.Runtime.Capture.CaptureQueue? captures = null, Turnout.Runtime.Overload.OverloadStats? overload = null, Turnout.Runtime.Routing.RoutingRegistry? routes = null)
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private static readonly (string Name, string Help, Func<VariantTotals, LatencyTotals> Pick)[] Latencies =
    [
        ("turnout_model_latency_seconds", "Time the model took per invocation (SageMaker ModelLatency).", t => t.ModelLatency),
        ("turnout_overhead_latency_seconds", "Time Turnout added per invocation besides the model (SageMaker OverheadLatency).", t => t.OverheadLatency),
        ("turnout_queueing_latency_seconds", "Part of the overhead spent waiting for a free model instance.", t => t.QueueingLatency),
    ];

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.ContentType = ContentType;
        await context.Response.WriteAsync(Render(), context.RequestAborted);
    }

    /// <summary>The whole exposition as text.</summary>
    public string Render()
    {
        var w = new PrometheusTextWriter();
        var variants = hub.Variants.Select(v => (v.EndpointName, v.VariantName, Totals: v.SnapshotTotals())).ToList();

        w.Family("turnout_invocations_total", "counter", "InvokeEndpoint requests served by the variant.");
        foreach (var (endpoint, variant, totals) in variants)
        {
            w.Sample("turnout_invocations_total", totals.Invocations, ("endpoint", endpoint), ("variant", variant));
        }

        if (captures is not null)
        {
            // Capture never fails a request: a full queue or disk drops the capture, and this is where it shows.
            w.Family("turnout_capture_records_total", "counter", "Data-capture records, by outcome: written, dropped (queue full or write failed).");
            w.Sample("turnout_capture_records_total", captures.Written, ("outcome", "written"));
            w.Sample("turnout_capture_records_total", captures.Dropped, ("outcome", "dropped"));
            w.Family("turnout_capture_write_failures_total", "counter", "Capture records lost to I/O errors such as a full disk.");
            w.Sample("turnout_capture_write_failures_total", captures.WriteFailures);
        }

        w.Family("turnout_invocation_errors_total", "counter", "Invocations whose model answered with an error, by class (4xx or 5xx).");
        foreach (var (endpoint, variant, totals) in variants)
        {
            w.Sample("turnout_invocation_errors_total", totals.Errors4xx, ("endpoint", endpoint), ("variant", variant), ("class", "4xx"));
            w.Sample("turnout_invocation_errors_total", totals.Errors5xx, ("endpoint", endpoint), ("variant", variant), ("class", "5xx"));
        }

        if (overload is not null)
        {
            // Refusals and timeouts never reach the model, so they are counted beside the SageMaker metrics, not in them.
            var counts = overload.Snapshot().ToList();
            w.Family("turnout_invocations_throttled_total", "counter", "Invocations refused with 503 ServiceUnavailable because every instance of the variant was full.");
            foreach (var (endpoint, variant, throttled, _) in counts)
            {
                w.Sample("turnout_invocations_throttled_total", throttled, ("endpoint", endpoint), ("variant", variant));
            }

            w.Family("turnout_invocations_timed_out_total", "counter", "Invocations answered with ModelError after --model-timeout; each replaced its instance.");
            foreach (var (endpoint, variant, _, timedOut) in counts)
            {
                w.Sample("turnout_invocations_timed_out_total", timedOut, ("endpoint", endpoint), ("variant", variant));
            }
        }

        if (routes is not null)
        {
            w.Family("turnout_invocations_in_flight", "gauge", "Invocations the variant's instances hold right now (running or waiting); 503s start at instances x capacity.");
            foreach (var table in routes.Tables)
            {
                foreach (var variant in table.Serving)
                {
                    w.Sample("turnout_invocations_in_flight", variant.Instances.Sum(i => i.InFlight), ("endpoint", table.EndpointName), ("variant", variant.Name));
                }
            }
        }

        foreach (var (name, help, pick) in Latencies)
        {
            w.Family(name, "histogram", help);
            foreach (var (endpoint, variant, totals) in variants)
            {
                WriteHistogram(w, name, endpoint, variant, pick(totals));
            }
        }

        WriteStorage(w, hub.GetStorageInfo());
        WriteProcess(w);
        return w.ToString();
    }

    private static void WriteHistogram(PrometheusTextWriter w, string name, string endpoint, string variant, LatencyTotals latency)
    {
        long cumulative = 0;
        var bounds = PrometheusBuckets.UpperBoundsSeconds;
        for (var i = 0; i < bounds.Count; i++)
        {
            cumulative += latency.Buckets[i];
            w.Sample(name + "_bucket", cumulative, ("endpoint", endpoint), ("variant", variant), ("le", PrometheusTextWriter.Format(bounds[i])));
        }

        w.Sample(name + "_bucket", latency.Count, ("endpoint", endpoint), ("variant", variant), ("le", "+Inf"));
        w.Sample(name + "_sum", latency.SumMicros / 1e6, ("endpoint", endpoint), ("variant", variant));
        w.Sample(name + "_count", latency.Count, ("endpoint", endpoint), ("variant", variant));
    }

    private static void WriteStorage(PrometheusTextWriter w, MetricsStorageInfo storage)
    {
        w.Family("turnout_metrics_storage_bytes", "gauge", "Size of the metrics store (SQLite pages in use plus WAL).");
        w.Sample("turnout_metrics_storage_bytes", storage.SizeBytes);
        w.Family("turnout_metrics_storage_limit_bytes", "gauge", "Size the metrics store is trimmed back under.");
        w.Sample("turnout_metrics_storage_limit_bytes", storage.MaxBytes);
        w.Family("turnout_metrics_stored_points", "gauge", "Stored aggregates per resolution in seconds.");
        foreach (var (resolution, count) in storage.PointsByResolution.OrderBy(p => p.Key))
        {
            w.Sample("turnout_metrics_stored_points", count, ("resolution", resolution.ToString(CultureInfo.InvariantCulture)));
        }

        w.Family("turnout_metrics_pending_points", "gauge", "Aggregates waiting for the next flush to the store.");
        w.Sample("turnout_metrics_pending_points", storage.PendingPoints);
        w.Family("turnout_metrics_series", "gauge", "Metric series known to the store.");
        w.Sample("turnout_metrics_series", storage.Series);
    }

    private static void WriteProcess(PrometheusTextWriter w)
    {
        using var process = Process.GetCurrentProcess();
        w.Family("process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.");
        w.Sample("process_cpu_seconds_total", Environment.CpuUsage.TotalTime.TotalSeconds);
        w.Family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
        w.Sample("process_resident_memory_bytes", Environment.WorkingSet);
        w.Family("process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.");
        w.Sample("process_virtual_memory_bytes", process.VirtualMemorySize64);
        w.Family("process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.");
        w.Sample("process_start_time_seconds", new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0);
        if (OpenFileDescriptors() is { } fds)
        {
            w.Family("process_open_fds", "gauge", "Number of open file descriptors.");
            w.Sample("process_open_fds", fds);
        }

        if (MaxFileDescriptors() is { } maxFds)
        {
            w.Family("process_max_fds", "gauge", "Maximum number of open file descriptors.");
            w.Sample("process_max_fds", maxFds);
        }

        w.Family("dotnet_gc_collections_total", "counter", "Garbage collections since start, by generation.");
        for (var gen = 0; gen <= GC.MaxGeneration; gen++)
        {
            w.Sample("dotnet_gc_collections_total", GC.CollectionCount(gen), ("generation", gen.ToString(CultureInfo.InvariantCulture)));
        }

        w.Family("dotnet_gc_heap_size_bytes", "gauge", "Bytes the GC heap holds.");
        w.Sample("dotnet_gc_heap_size_bytes", GC.GetTotalMemory(false));
        w.Family("dotnet_gc_allocated_bytes_total", "counter", "Bytes allocated since start.");
        w.Sample("dotnet_gc_allocated_bytes_total", GC.GetTotalAllocatedBytes());
        w.Family("dotnet_threadpool_threads", "gauge", "Thread-pool threads.");
        w.Sample("dotnet_threadpool_threads", ThreadPool.ThreadCount);
        w.Family("dotnet_threadpool_queue_length", "gauge", "Work items waiting for a thread-pool thread.");
        w.Sample("dotnet_threadpool_queue_length", ThreadPool.PendingWorkItemCount);
    }

    private static int? OpenFileDescriptors()
    {
        try
        {
            return Directory.Exists("/proc/self/fd") ? Directory.GetFileSystemEntries("/proc/self/fd").Length : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long? MaxFileDescriptors()
    {
        try
        {
            if (!File.Exists("/proc/self/limits"))
            {
                return null;
            }

            foreach (var line in File.ReadLines("/proc/self/limits"))
            {
                if (line.StartsWith("Max open files", StringComparison.Ordinal))
                {
                    var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return fields.Length > 0 && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var soft) ? soft : null;
                }
            }
        }
        catch (IOException)
        {
            return null;
        }

        return null;
    }
}
