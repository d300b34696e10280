-- One database per service on the compose PostgreSQL server; nothing depends on them sharing a server.
CREATE DATABASE account;
CREATE DATABASE device;
CREATE DATABASE notification;
