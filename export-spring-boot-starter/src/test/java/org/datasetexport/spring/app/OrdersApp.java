package org.datasetexport.spring.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A Spring Boot application with nothing of its own: the flow is declared in {@code orders-app.yml}. */
@SpringBootApplication
public class OrdersApp {
}
