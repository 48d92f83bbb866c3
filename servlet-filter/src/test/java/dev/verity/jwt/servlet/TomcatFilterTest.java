package dev.verity.jwt.servlet;

import jakarta.servlet.Filter;
import java.nio.file.Files;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/** The contract on embedded Tomcat 11, the filter registered with init parameters. */
class TomcatFilterTest extends FilterContractTest {
  private Tomcat tomcat;

  @Override
  String start(Map<String, Map<String, String>> contexts, Map<String, Filter> inCode)
      throws Exception {
    tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.getService().addConnector(connector);
    tomcat.setConnector(connector);
    for (Map.Entry<String, Map<String, String>> entry : contexts.entrySet()) {
      Context context = tomcat.addContext(entry.getKey(), null);
      Tomcat.addServlet(context, "echo", new EchoServlet());
      context.addServletMappingDecoded("/*", "echo");
      FilterDef filter = new FilterDef();
      filter.setFilterName("verity");
      filter.setFilterClass(BearerTokenFilter.class.getName());
      entry.getValue().forEach(filter::addInitParameter);
      context.addFilterDef(filter);
      FilterMap mapping = new FilterMap();
      mapping.setFilterName("verity");
      mapping.addURLPattern("/*");
      mapping.setDispatcher("REQUEST");
      mapping.setDispatcher("FORWARD");
      mapping.setDispatcher("ERROR");
      context.addFilterMap(mapping);
    }
    for (Map.Entry<String, Filter> entry : inCode.entrySet()) {
      // Programmatic registration of a filter made in code (no ServletContainerInitializer).
      Context context = tomcat.addContext(entry.getKey(), null);
      Tomcat.addServlet(context, "echo", new EchoServlet());
      context.addServletMappingDecoded("/*", "echo");
      FilterDef filter = new FilterDef();
      filter.setFilterName("verity");
      filter.setFilter(entry.getValue());
      context.addFilterDef(filter);
      FilterMap mapping = new FilterMap();
      mapping.setFilterName("verity");
      mapping.addURLPattern("/*");
      context.addFilterMap(mapping);
    }
    tomcat.start();
    return "http://127.0.0.1:" + connector.getLocalPort();
  }

  @Override
  void stop() throws Exception {
    tomcat.stop();
    tomcat.destroy();
  }
}
