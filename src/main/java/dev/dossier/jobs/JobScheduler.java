package dev.dossier.jobs;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.event.SchedulerListener;
import com.github.kagkarlsson.scheduler.logging.LogLevel;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.format.datetime.standard.DurationFormatterUtils;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;

/**
 * Runs the background jobs of every module with db-scheduler over the application's database: the methods marked
 * {@link Recurring}, and the one-off jobs that modules declare as {@link Task} beans and start through the
 * {@link SchedulerClient}. Their next due times live in the table {@code scheduled_tasks}; each instance polls it
 * (property {@code dossier.scheduler.polling-interval}) and takes a due job by bumping its row's version, so one
 * instance runs it and the others skip it. A running job's instance beats a heart; when it stops beating, another
 * instance takes the job over. A failed run is logged and tried again a little later
 * ({@code dossier.scheduler.retry}, at most {@value #RETRIES} times, never later than its next due time).
 *
 * <p>The scheduler starts once every bean is ready and stops first at shutdown, waiting for the running jobs for up
 * to {@code dossier.scheduler.shutdown-wait}. Times are kept in UTC.
 */
@Configuration(proxyBeanMethods = false)
public class JobScheduler implements SmartLifecycle {

    static final int RETRIES = 3;

    private final ApplicationContext context;
    private final DataSource dataSource;
    private final ObjectProvider<SchedulerListener> listeners;
    private final Duration pollingInterval;
    private final Duration heartbeat;
    private final Duration retry;
    private final Duration shutdownWait;
    private final int threads;
    private final boolean enabled;
    private volatile Scheduler scheduler;

    JobScheduler(
            ApplicationContext context,
            DataSource dataSource,
            ObjectProvider<SchedulerListener> listeners,
            @Value("${dossier.scheduler.polling-interval:1s}") Duration pollingInterval,
            @Value("${dossier.scheduler.heartbeat-interval:30s}") Duration heartbeat,
            @Value("${dossier.scheduler.retry:1m}") Duration retry,
            @Value("${dossier.scheduler.shutdown-wait:30s}") Duration shutdownWait,
            @Value("${dossier.scheduler.threads:4}") int threads,
            @Value("${dossier.scheduler.enabled:true}") boolean enabled) {
        this.context = context;
        // Scheduling a job inside a transaction takes effect with its commit.
        this.dataSource = new TransactionAwareDataSourceProxy(dataSource);
        this.listeners = listeners;
        this.pollingInterval = pollingInterval;
        this.heartbeat = heartbeat;
        this.retry = retry;
        this.shutdownWait = shutdownWait;
        this.threads = threads;
        this.enabled = enabled;
    }

    /** Schedules one-off runs of the jobs declared as {@link Task} beans (and cancels or moves any job). */
    @Bean
    SchedulerClient schedulerClient() {
        return SchedulerClient.Builder.create(dataSource).build();
    }

    /** The recurring jobs: one task for each method marked {@link Recurring} on a bean. */
    List<RecurringTask<Void>> recurring() {
        var tasks = new ArrayList<RecurringTask<Void>>();
        for (var name : context.getBeanNamesForType(Object.class, false, false)) {
            var type = context.getType(name, false);
            if (type == null
                    || name.startsWith("scopedTarget.")
                    || !AnnotationUtils.isCandidateClass(type, Recurring.class)) {
                continue;
            }
            var methods = MethodIntrospector.selectMethods(
                    ClassUtils.getUserClass(type), (MethodIntrospector.MetadataLookup<Recurring>)
                            m -> AnnotatedElementUtils.findMergedAnnotation(m, Recurring.class));
            if (!methods.isEmpty()) {
                var bean = context.getBean(name);
                methods.forEach((method, job) -> tasks.add(task(bean, method, job)));
            }
        }
        var names = new HashSet<String>();
        for (var task : tasks) {
            if (!names.add(task.getName())) {
                throw new IllegalStateException("Two background jobs are named " + task.getName());
            }
        }
        return tasks;
    }

    private RecurringTask<Void> task(Object bean, Method method, Recurring job) {
        var schedule = schedule(job);
        var invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
        ReflectionUtils.makeAccessible(invocable);
        return Tasks.recurring(job.name(), schedule)
                .onFailure(retrying(schedule, retry))
                .execute((instance, ctx) -> {
                    try {
                        invocable.invoke(bean);
                    } catch (InvocationTargetException e) {
                        ReflectionUtils.rethrowRuntimeException(e.getTargetException());
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    private Schedule schedule(Recurring job) {
        var cron =
                context.getEnvironment().resolveRequiredPlaceholders(job.cron()).strip();
        var delay = context.getEnvironment()
                .resolveRequiredPlaceholders(job.fixedDelay())
                .strip();
        if (StringUtils.hasText(cron) == StringUtils.hasText(delay)) {
            throw new IllegalStateException("The job " + job.name() + " needs either a cron or a fixed delay");
        }
        return cron.isEmpty()
                ? new AfterDelay(DurationFormatterUtils.detectAndParse(delay))
                : Schedules.cron(cron, ZoneId.systemDefault());
    }

    /** Tries a failed run again after the retry pause, unless it is due again sooner or has failed too often. */
    static <T> FailureHandler<T> retrying(Schedule schedule, Duration retry) {
        return (complete, operations) -> {
            var next = schedule.getNextExecutionTime(complete);
            var again = complete.getTimeDone().plus(retry);
            operations.reschedule(
                    complete,
                    complete.getExecution().consecutiveFailures < RETRIES && again.isBefore(next) ? again : next);
        };
    }

    /**
     * Every {@code delay} after the previous run ended; the first run a {@code delay} after the job is first
     * scheduled, so that an instance starts up before its jobs run.
     */
    record AfterDelay(Duration delay) implements Schedule {

        @Override
        public Instant getNextExecutionTime(ExecutionComplete complete) {
            return complete.getTimeDone().plus(delay);
        }

        @Override
        public Instant getInitialExecutionTime(Instant now) {
            return now.plus(delay);
        }

        @Override
        public boolean isDeterministic() {
            return false;
        }
    }

    @Override
    public void start() {
        var oneOff = new ArrayList<Task<?>>();
        context.getBeanProvider(Task.class).orderedStream().forEach(oneOff::add);
        var builder = Scheduler.create(dataSource, oneOff)
                .startTasks(recurring())
                .schedulerName(new SchedulerName.Fixed(instanceName()))
                .threads(threads)
                .pollingInterval(pollingInterval)
                .heartbeatInterval(heartbeat)
                .shutdownMaxWait(shutdownWait)
                .failureLogging(LogLevel.ERROR, true)
                .alwaysPersistTimestampInUTC();
        listeners.orderedStream().forEach(builder::addSchedulerListener);
        scheduler = builder.build();
        scheduler.start();
    }

    @Override
    public void stop() {
        var running = scheduler;
        scheduler = null;
        if (running != null) {
            running.stop();
        }
    }

    /** Off ({@code dossier.scheduler.enabled=false}) when Dossier runs a command and exits. */
    @Override
    public boolean isAutoStartup() {
        return enabled;
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    /** The host and a random suffix: shows in {@code picked_by} which instance runs a job. */
    private static String instanceName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "dossier";
        }
        var suffix = UUID.randomUUID().toString().substring(0, 8);
        return (host.length() > 80 ? host.substring(0, 80) : host) + "-" + suffix;
    }
}
