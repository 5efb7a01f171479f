# One replica per container, configured as in the course set-up:
#   docker build -t kvs-replica .
#   docker network create --subnet=10.10.0.0/16 kvsnet
#   docker run --rm -p 8082:8090 --net=kvsnet --ip=10.10.0.2 --name=alice \
#     -e SOCKET_ADDRESS=10.10.0.2:8090 -e VIEW=10.10.0.2:8090,10.10.0.3:8090,10.10.0.4:8090 kvs-replica
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY core core
COPY checker checker
COPY replica replica
COPY simulator simulator
COPY cli cli
RUN mvn -B -ntp -q -pl replica -am package -DskipTests

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/replica/target/kvs-replica.jar replica/target/kvs-replica.jar
COPY scripts/replica scripts/replica
COPY scripts/lib scripts/lib
# the class-data archive that scripts/replica would otherwise make at the first start
RUN KVS_LAUNCH_PREPARE_ONLY=1 scripts/replica && test -s replica/target/kvs-replica.jsa
EXPOSE 8090
ENTRYPOINT ["scripts/replica"]
