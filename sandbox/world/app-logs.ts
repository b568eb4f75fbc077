/**
 * What the catalog's applications print: Spring Boot, nginx, Fluentd, the
 * CloudWatch agent, PostgreSQL and the EKS add-ons, each in its own format.
 */

export interface LogContext {
  random: () => number;
  now: Date;
  podName: string;
  podIP: string;
  namespace: string;
  /** Addresses that plausibly call this pod (the node, other pods). */
  clientIP: string;
}

export interface Line {
  text: string;
  stream?: 'stdout' | 'stderr';
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

// Spring Boot 3's default console pattern.
function spring(now: Date, level: 'INFO' | 'WARN' | 'ERROR' | 'DEBUG', thread: string, logger: string, message: string): Line {
  return { text: `${now.toISOString()}  ${level.padStart(5)} 1 --- [backend-app] [${thread.padStart(15)}] ${logger.padEnd(40)} : ${message}` };
}

const SPRING_BANNER = [
  '',
  '  .   ____          _            __ _ _',
  " /\\\\ / ___'_ __ _ _(_)_ __  __ _ \\ \\ \\ \\",
  "( ( )\\___ | '_ | '_| | '_ \\/ _` | \\ \\ \\ \\",
  ' \\\\/  ___)| |_)| | | | | || (_| |  ) ) ) )',
  "  '  |____| .__|_| |_|_| |_\\__, | / / / /",
  ' =========|_|==============|___/=/_/_/_/',
  '',
  ' :: Spring Boot ::                (v3.3.5)',
  '',
];

/** Startup of the backend-app Spring Boot service: the banner, then the context coming up over `startedMs`. */
export function springStartup(version: string, startedMs: number): { atMs: number; line: (ctx: LogContext) => Line }[] {
  const at = (f: number) => Math.round(startedMs * f);
  const main = 'main';
  return [
    ...SPRING_BANNER.map((text) => ({ atMs: 300, line: () => ({ text }) })),
    {
      atMs: at(0.1),
      line: (c) =>
        spring(c.now, 'INFO', main, 'c.example.backend.BackendApplication', `Starting BackendApplication v${version} using Java 21.0.5 with PID 1 (/app/backend-app.jar started by spring in /app)`),
    },
    { atMs: at(0.12), line: (c) => spring(c.now, 'INFO', main, 'c.example.backend.BackendApplication', 'The following 1 profile is active: "prod"') },
    { atMs: at(0.35), line: (c) => spring(c.now, 'INFO', main, 'o.s.b.w.embedded.tomcat.TomcatWebServer', 'Tomcat initialized with port 8080 (http)') },
    { atMs: at(0.37), line: (c) => spring(c.now, 'INFO', main, 'o.apache.catalina.core.StandardService', 'Starting service [Tomcat]') },
    { atMs: at(0.38), line: (c) => spring(c.now, 'INFO', main, 'o.apache.catalina.core.StandardEngine', 'Starting Servlet engine: [Apache Tomcat/10.1.31]') },
    { atMs: at(0.5), line: (c) => spring(c.now, 'INFO', main, 'com.zaxxer.hikari.HikariDataSource', 'HikariPool-1 - Starting...') },
    { atMs: at(0.62), line: (c) => spring(c.now, 'INFO', main, 'com.zaxxer.hikari.HikariDataSource', 'HikariPool-1 - Start completed.') },
    { atMs: at(0.9), line: (c) => spring(c.now, 'INFO', main, 'o.s.b.a.e.web.EndpointLinksResolver', "Exposing 2 endpoints beneath base path '/actuator'") },
    { atMs: at(0.98), line: (c) => spring(c.now, 'INFO', main, 'o.s.b.w.embedded.tomcat.TomcatWebServer', "Tomcat started on port 8080 (http) with context path '/'") },
    {
      atMs: startedMs,
      line: (c) =>
        spring(
          c.now,
          'INFO',
          main,
          'c.example.backend.BackendApplication',
          `Started BackendApplication in ${(startedMs / 1000).toFixed(3)} seconds (process running for ${(startedMs / 1000 + 0.74).toFixed(3)})`,
        ),
    },
  ];
}

const STACK_FRAMES = [
  '\tat com.example.backend.service.OrderService.findOrder(OrderService.java:87)',
  '\tat com.example.backend.controller.OrderController.getOrder(OrderController.java:42)',
  '\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)',
  '\tat org.springframework.web.method.support.InvocableHandlerMethod.doInvoke(InvocableHandlerMethod.java:255)',
  '\tat org.springframework.web.servlet.DispatcherServlet.doDispatch(DispatcherServlet.java:1089)',
  '\tat org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:140)',
  '\tat java.base/java.lang.Thread.run(Thread.java:1583)',
];

/** One burst of steady backend-app output: mostly health and API access lines, some WARN, rare ERROR with a stack trace. */
export function springTraffic(c: LogContext): Line[] {
  const thread = `nio-8080-exec-${1 + Math.floor(c.random() * 10)}`;
  const r = c.random();
  if (r < 0.55) return [spring(c.now, 'INFO', thread, 'c.e.backend.controller.HealthController', 'Health GET API called.')];
  if (r < 0.85) {
    const id = 1000 + Math.floor(c.random() * 9000);
    const api = pick(c.random, [`Order GET API called. orderId=${id}`, `Product GET API called. productId=${id % 300}`, 'Order POST API called.', `User GET API called. userId=${id % 500}`]);
    return [spring(c.now, 'INFO', thread, 'c.e.backend.controller.AccessLogFilter', api)];
  }
  if (r < 0.97) {
    return [
      spring(
        c.now,
        'WARN',
        thread,
        pick(c.random, ['c.e.backend.service.OrderService', 'com.zaxxer.hikari.pool.HikariPool', 'c.e.backend.client.PaymentClient']),
        pick(c.random, [
          `Slow query detected: 1${Math.floor(c.random() * 900 + 100)} ms for findOrdersByUser`,
          'HikariPool-1 - Thread starvation or clock leap detected (housekeeper delta=1m2s).',
          'Payment API responded in 2.4 s, above the 2 s budget; retrying once',
        ]),
      ),
    ];
  }
  const id = 1000 + Math.floor(c.random() * 9000);
  return [
    spring(
      c.now,
      'ERROR',
      thread,
      'o.a.c.c.C.[.[.[/].[dispatcherServlet]',
      `Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Request processing failed: java.lang.IllegalStateException: Order ${id} has no customer] with root cause`,
    ),
    { text: '' },
    { text: `java.lang.IllegalStateException: Order ${id} has no customer` },
    ...STACK_FRAMES.map((text) => ({ text })),
  ];
}

export function springShutdown(c: LogContext): Line[] {
  return [
    spring(c.now, 'INFO', 'SpringApplicationShutdownHook', 'o.s.b.w.e.tomcat.GracefulShutdown', 'Commencing graceful shutdown. Waiting for active requests to complete'),
    spring(c.now, 'INFO', 'tomcat-shutdown', 'o.s.b.w.e.tomcat.GracefulShutdown', 'Graceful shutdown complete'),
    spring(c.now, 'INFO', 'SpringApplicationShutdownHook', 'com.zaxxer.hikari.HikariDataSource', 'HikariPool-1 - Shutdown initiated...'),
    spring(c.now, 'INFO', 'SpringApplicationShutdownHook', 'com.zaxxer.hikari.HikariDataSource', 'HikariPool-1 - Shutdown completed.'),
  ];
}

/** backend-app 1.5.0 cannot bind its new datasource property and exits. */
export function springStartupFailure(c: LogContext): Line[] {
  return [
    spring(
      c.now,
      'WARN',
      'main',
      'ConfigServletWebServerApplicationContext',
      "Exception encountered during context initialization - cancelling refresh attempt: org.springframework.beans.factory.BeanCreationException: Error creating bean with name 'dataSource' defined in class path resource [org/springframework/boot/autoconfigure/jdbc/DataSourceConfiguration$Hikari.class]: Failed to instantiate [com.zaxxer.hikari.HikariDataSource]: Factory method 'dataSource' threw exception with message: Failed to determine a suitable driver class",
    ),
    spring(c.now, 'INFO', 'main', 'o.apache.catalina.core.StandardService', 'Stopping service [Tomcat]'),
    spring(c.now, 'ERROR', 'main', 'o.s.b.d.LoggingFailureAnalysisReporter', ''),
    { text: '' },
    { text: '***************************' },
    { text: 'APPLICATION FAILED TO START' },
    { text: '***************************' },
    { text: '' },
    { text: 'Description:' },
    { text: '' },
    { text: "Failed to configure a DataSource: 'url' attribute is not specified and no embedded datasource could be configured." },
    { text: '' },
    { text: 'Reason: Failed to determine a suitable driver class' },
    { text: '' },
    { text: 'Action:' },
    { text: '' },
    { text: 'Consider the following:' },
    { text: '\tIf you want an embedded database (H2, HSQL or Derby), please put it on the classpath.' },
    { text: '\tIf you have database settings to be loaded from a particular profile you may need to activate it (the profiles prod are currently active).' },
    { text: '' },
  ];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function nginxTime(d: Date): string {
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

function nginxErrorTime(d: Date): string {
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

export function nginxStartup(): { atMs: number; line: (ctx: LogContext) => Line }[] {
  const notice =
    (text: string) =>
    (c: LogContext): Line => ({ text: `${nginxErrorTime(c.now)} [notice] 1#1: ${text}`, stream: 'stderr' });
  return [
    { atMs: 50, line: () => ({ text: '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration' }) },
    { atMs: 55, line: () => ({ text: '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/' }) },
    { atMs: 60, line: () => ({ text: '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh' }) },
    { atMs: 70, line: () => ({ text: '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf' }) },
    { atMs: 80, line: () => ({ text: '/docker-entrypoint.sh: Configuration complete; ready for start up' }) },
    { atMs: 100, line: notice('using the "epoll" event method') },
    { atMs: 100, line: notice('nginx/1.27.5') },
    { atMs: 100, line: notice('built by gcc 12.2.0 (Debian 12.2.0-14)') },
    { atMs: 100, line: notice('OS: Linux 6.1.147-172.266.amzn2023.x86_64') },
    { atMs: 100, line: notice('start worker processes') },
    { atMs: 110, line: notice('start worker process 29') },
    { atMs: 110, line: notice('start worker process 30') },
  ];
}

export function nginxAccess(c: LogContext): Line[] {
  const r = c.random();
  const [request, status, size, agent] =
    r < 0.5
      ? ['GET / HTTP/1.1', 200, 615, 'kube-probe/1.32']
      : r < 0.8
        ? ['GET /index.html HTTP/1.1', 200, 615, 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36']
        : r < 0.95
          ? ['GET /favicon.ico HTTP/1.1', 404, 153, 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15']
          : ['GET /api/health HTTP/1.1', 404, 153, 'curl/8.5.0'];
  return [{ text: `${c.clientIP} - - [${nginxTime(c.now)}] "${request}" ${status} ${size} "-" "${agent}" "-"` }];
}

export function nginxShutdown(c: LogContext): Line[] {
  const t = nginxErrorTime(c.now);
  return [
    { text: `${t} [notice] 1#1: signal 3 (SIGQUIT) received, shutting down`, stream: 'stderr' },
    { text: `${t} [notice] 29#29: gracefully shutting down`, stream: 'stderr' },
    { text: `${t} [notice] 29#29: exiting`, stream: 'stderr' },
    { text: `${t} [notice] 29#29: exit`, stream: 'stderr' },
    { text: `${t} [notice] 1#1: signal 17 (SIGCHLD) received from 29`, stream: 'stderr' },
    { text: `${t} [notice] 1#1: worker process 29 exited with code 0`, stream: 'stderr' },
    { text: `${t} [notice] 1#1: exit`, stream: 'stderr' },
  ];
}

function fluentdTime(d: Date): string {
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} +0000`;
}

export function fluentdStartup(): { atMs: number; line: (ctx: LogContext) => Line }[] {
  const info =
    (text: string) =>
    (c: LogContext): Line => ({ text: `${fluentdTime(c.now)} [info]: ${text}` });
  return [
    { atMs: 200, line: info('parsing config file is succeeded path="/fluentd/etc/fluent.conf"') },
    { atMs: 400, line: info("gem 'fluent-plugin-cloudwatch-logs' version '0.14.3'") },
    { atMs: 400, line: info("gem 'fluent-plugin-kubernetes_metadata_filter' version '3.5.0'") },
    { atMs: 600, line: info('using configuration file: <ROOT> ... </ROOT>') },
    { atMs: 800, line: info('starting fluentd-1.16.5 pid=7 ruby="3.2.4"') },
    {
      atMs: 900,
      line: info(
        'spawn command to main:  cmdline=["/usr/local/bin/ruby", "-Eascii-8bit:ascii-8bit", "/fluentd/vendor/bundle/ruby/3.2.0/bin/fluentd", "-c", "/fluentd/etc/fluent.conf", "-p", "/fluentd/plugins", "--gemfile", "/fluentd/Gemfile", "--under-supervisor"]',
      ),
    },
    { atMs: 2000, line: info('#0 starting fluentd worker pid=17 ppid=7 worker=0') },
    { atMs: 2100, line: info('#0 fluentd worker is now running worker=0') },
  ];
}

export function fluentdActivity(c: LogContext): Line[] {
  const r = c.random();
  if (r < 0.6) {
    const app = pick(c.random, ['backend-app', 'nginx', 'cloudwatch-agent', 'postgres']);
    return [
      {
        text: `${fluentdTime(c.now)} [info]: #0 [in_tail_container_logs] following tail of /var/log/containers/${app}-${Math.floor(c.random() * 1e5).toString(36)}_eks-work_${app}-${Math.floor(c.random() * 1e12).toString(16)}.log`,
      },
    ];
  }
  if (r < 0.9)
    return [
      {
        text: `${fluentdTime(c.now)} [info]: #0 [out_cloudwatch_logs_containers] Called PutLogEvents API log_group="/aws/containerinsights/eks-work-cluster/application" log_stream="fluentd-cloudwatch-${c.podName}"`,
      },
    ];
  return [
    {
      text: `${fluentdTime(c.now)} [warn]: #0 [out_cloudwatch_logs_containers] failed to flush the buffer. retry_times=0 next_retry_time=${fluentdTime(new Date(c.now.getTime() + 1000))} chunk="62a1f0c3b9e1d2a4c5b6e7f8091a2b3c" error_class=Aws::CloudWatchLogs::Errors::ThrottlingException error="Rate exceeded"`,
    },
  ];
}

export function cloudwatchAgentStartup(): { atMs: number; line: (ctx: LogContext) => Line }[] {
  const iso = (c: LogContext) => c.now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return [
    { atMs: 100, line: () => ({ text: 'I! Trying to detect region from ec2 D! [EC2] Found active network interface I! imds retry client will retry 1 timesI! Detected the instance is EC2' }) },
    {
      atMs: 300,
      line: (c) => ({
        text: `${c.now.toISOString().slice(0, 19).replaceAll('-', '/').replace('T', ' ')} Reading json config file path: /opt/aws/amazon-cloudwatch-agent/bin/default_linux_config.json ...`,
      }),
    },
    { atMs: 800, line: (c) => ({ text: `${iso(c)} I! Starting AmazonCloudWatchAgent CWAgent/1.300049.1b929 (go1.22.7; linux; amd64) with log file  with log target stdout` }) },
    { atMs: 900, line: (c) => ({ text: `${iso(c)} I! AWS SDK log level not set` }) },
    { atMs: 1200, line: (c) => ({ text: `${iso(c)} I! cloudwatch: get unique roll up list []` }) },
    { atMs: 1300, line: (c) => ({ text: `${iso(c)} I! Started the statsd service on :8125` }) },
    { atMs: 1400, line: (c) => ({ text: `${iso(c)} I! awscontainerinsight: Container Insights enhanced observability is enabled for cluster eks-work-cluster` }) },
  ];
}

export function cloudwatchAgentActivity(c: LogContext): Line[] {
  const iso = c.now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (c.random() < 0.8) return [{ text: `${iso} D! [outputs.cloudwatchlogs] Buffer fullness: 0 / 10000 metrics` }];
  return [{ text: `${iso} W! [inputs.prometheus] scrape of http://${c.clientIP}:9100/metrics was slow: 1.2s` }];
}

function pgTime(d: Date): string {
  return `${d.toISOString().slice(0, 23).replace('T', ' ')} UTC`;
}

export function postgresStartup(): { atMs: number; line: (ctx: LogContext) => Line }[] {
  const log =
    (text: string) =>
    (c: LogContext): Line => ({ text: `${pgTime(c.now)} [1] LOG:  ${text}`, stream: 'stderr' });
  return [
    { atMs: 100, line: () => ({ text: '' }) },
    { atMs: 100, line: () => ({ text: 'PostgreSQL Database directory appears to contain a database; Skipping initialization' }) },
    { atMs: 100, line: () => ({ text: '' }) },
    { atMs: 400, line: log('starting PostgreSQL 16.6 (Debian 16.6-1.pgdg120+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit') },
    { atMs: 410, line: log('listening on IPv4 address "0.0.0.0", port 5432') },
    { atMs: 410, line: log('listening on IPv6 address "::", port 5432') },
    { atMs: 420, line: log('listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"') },
    { atMs: 500, line: (c) => ({ text: `${pgTime(c.now)} [29] LOG:  database system was shut down at ${pgTime(new Date(c.now.getTime() - 60_000))}`, stream: 'stderr' }) },
    { atMs: 600, line: log('database system is ready to accept connections') },
  ];
}

export function postgresActivity(c: LogContext): Line[] {
  const pid = 27;
  if (c.random() < 0.5) return [{ text: `${pgTime(c.now)} [${pid}] LOG:  checkpoint starting: time`, stream: 'stderr' }];
  const buffers = 10 + Math.floor(c.random() * 200);
  return [
    {
      text: `${pgTime(c.now)} [${pid}] LOG:  checkpoint complete: wrote ${buffers} buffers (${(buffers / 163.84).toFixed(1)}%); 0 WAL file(s) added, 0 removed, 0 recycled; write=${(buffers / 10).toFixed(3)} s, sync=0.004 s, total=${(buffers / 10 + 0.01).toFixed(3)} s`,
      stream: 'stderr',
    },
  ];
}

export function postgresShutdown(c: LogContext): Line[] {
  const t = pgTime(c.now);
  return [
    { text: `${t} [1] LOG:  received fast shutdown request`, stream: 'stderr' },
    { text: `${t} [1] LOG:  aborting any active transactions`, stream: 'stderr' },
    { text: `${t} [1] LOG:  background worker "logical replication launcher" (PID 32) exited with exit code 1`, stream: 'stderr' },
    { text: `${t} [27] LOG:  shutting down`, stream: 'stderr' },
    { text: `${t} [1] LOG:  database system is shut down`, stream: 'stderr' },
  ];
}

export function reportGeneratorProgress(c: LogContext, batch: number): Line[] {
  return [{ text: `${c.now.toISOString()} INFO  [report-generator] Aggregating monthly sales report: batch ${batch}, ${batch * 25_000} rows held in memory` }];
}

/** The EKS add-ons (VPC CNI, kube-proxy, CoreDNS, metrics-server) only print at startup. */
export function addonStartup(kind: 'aws-node' | 'kube-proxy' | 'coredns' | 'metrics-server'): { atMs: number; line: (ctx: LogContext) => Line }[] {
  const klog =
    (file: string, text: string) =>
    (c: LogContext): Line => ({ text: `I${pad(c.now.getUTCMonth() + 1)}${pad(c.now.getUTCDate())} ${c.now.toISOString().slice(11, 23)}000       1 ${file}] ${text}`, stream: 'stderr' });
  switch (kind) {
    case 'aws-node':
      return [
        { atMs: 100, line: (c) => ({ text: `{"level":"info","ts":"${c.now.toISOString()}","caller":"entrypoint.sh","msg":"Validating env variables ..."}` }) },
        { atMs: 200, line: (c) => ({ text: `{"level":"info","ts":"${c.now.toISOString()}","caller":"entrypoint.sh","msg":"Install CNI binaries.."}` }) },
        { atMs: 900, line: (c) => ({ text: `{"level":"info","ts":"${c.now.toISOString()}","caller":"entrypoint.sh","msg":"Starting IPAM daemon... "}` }) },
        { atMs: 2000, line: (c) => ({ text: `{"level":"info","ts":"${c.now.toISOString()}","caller":"entrypoint.sh","msg":"Checking for IPAM connectivity... "}` }) },
        { atMs: 3000, line: (c) => ({ text: `{"level":"info","ts":"${c.now.toISOString()}","caller":"entrypoint.sh","msg":"Successfully copied CNI plugin binary and config file."}` }) },
      ];
    case 'kube-proxy':
      return [
        { atMs: 100, line: klog('server_linux.go:66', '"Using iptables proxy"') },
        { atMs: 200, line: (c) => klog('server.go:677', `"Successfully retrieved node IP(s)" IPs=["${c.clientIP}"]`)(c) },
        { atMs: 300, line: klog('server_linux.go:170', '"Using iptables Proxier"') },
        { atMs: 400, line: klog('config.go:199', '"Starting service config controller"') },
        { atMs: 500, line: klog('shared_informer.go:320', '"Caches are synced" controller="service config"') },
      ];
    case 'coredns':
      return [
        { atMs: 100, line: () => ({ text: '.:53' }) },
        {
          atMs: 100,
          line: () => ({
            text: '[INFO] plugin/reload: Running configuration SHA512 = 8a7d59126e7f114ab49c6d2613be93d8ef7d408af8ee61a710210843dc409f03133727e38f64469d9bb180f396c84ebf48a42bde3b3769730865ca9df5eb281c',
          }),
        },
        { atMs: 100, line: () => ({ text: 'CoreDNS-1.11.4' }) },
        { atMs: 100, line: () => ({ text: 'linux/amd64, go1.22.8, 0b3b8b9' }) },
      ];
    case 'metrics-server':
      return [
        { atMs: 200, line: klog('serving.go:374', 'Generated self-signed cert (/tmp/apiserver.crt, /tmp/apiserver.key)') },
        { atMs: 900, line: klog('handler.go:275', 'Adding GroupVersion metrics.k8s.io v1beta1 to ResourceManager') },
        { atMs: 1000, line: klog('secure_serving.go:213', 'Serving securely on [::]:10250') },
      ];
  }
}
