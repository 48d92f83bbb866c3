package dev.verity.jwt.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The contract on embedded Jetty 12 (ee10), the filter registered with init parameters. */
class JettyFilterTest extends FilterContractTest {
  private Server server;

  @Override
  String start(Map<String, Map<String, String>> contexts, Map<String, Filter> inCode)
      throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    Handler.Sequence handlers = new Handler.Sequence();
    for (Map.Entry<String, Map<String, String>> context : contexts.entrySet()) {
      ServletContextHandler handler = new ServletContextHandler(context.getKey());
      handler.addServlet(new ServletHolder(new EchoServlet()), "/*");
      FilterHolder filter = new FilterHolder(BearerTokenFilter.class);
      filter.setInitParameters(context.getValue());
      handler.addFilter(
          filter,
          "/*",
          EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.ERROR));
      handlers.addHandler(handler);
    }
    for (Map.Entry<String, Filter> context : inCode.entrySet()) {
      // Programmatic registration of a filter made in code (no ServletContainerInitializer).
      ServletContextHandler handler = new ServletContextHandler(context.getKey());
      handler.addServlet(new ServletHolder(new EchoServlet()), "/*");
      handler.addFilter(
          new FilterHolder(context.getValue()), "/*", EnumSet.of(DispatcherType.REQUEST));
      handlers.addHandler(handler);
    }
    server.setHandler(handlers);
    server.start();
    return "http://127.0.0.1:" + connector.getLocalPort();
  }

  @Override
  void stop() throws Exception {
    server.stop();
  }
}
