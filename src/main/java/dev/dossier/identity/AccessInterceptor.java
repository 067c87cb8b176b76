package dev.dossier.identity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.AnnotatedElement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Runs the access engine before every Dossier handler, page or API alike: the handler's {@link Permission} must be
 * granted, and a handler that declares nothing is refused, so that no endpoint is ever open by omission.
 */
@Configuration(proxyBeanMethods = false)
class AccessInterceptor implements HandlerInterceptor, WebMvcConfigurer {

    private static final Logger log = LoggerFactory.getLogger(AccessInterceptor.class);

    private final Access access;

    AccessInterceptor(Access access) {
        this.access = access;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)
                || !method.getBeanType().getPackageName().startsWith("dev.dossier")) {
            return true;
        }
        var permission = declared(method, Permission.class);
        if (permission != null) {
            access.require(permission.area(), permission.operation());
            return true;
        }
        if (declared(method, Permission.PublicEndpoint.class) != null) {
            return true;
        }
        if (declared(method, Permission.SelfService.class) != null) {
            if (CurrentUser.find().isEmpty()) {
                throw new AccessDeniedException("signed-in user required");
            }
            return true;
        }
        log.error(
                "Refused {} {}: handler {} declares no permission",
                request.getMethod(),
                request.getRequestURI(),
                method.getShortLogMessage());
        throw new AccessDeniedException("undeclared handler");
    }

    /** The annotation on the method, or else on its class. */
    static <A extends java.lang.annotation.Annotation> A declared(HandlerMethod method, Class<A> type) {
        var onMethod = method.getMethodAnnotation(type);
        if (onMethod != null) {
            return onMethod;
        }
        AnnotatedElement bean = method.getBeanType();
        return bean.getAnnotation(type);
    }
}
