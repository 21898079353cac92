#!/usr/bin/env node
// The reference platform's prod environment as an AWS CDK app (aws-cdk-lib v2): the
// network (VPC, subnets, NACLs, endpoints, flow logs and the five tier security groups),
// data (RDS PostgreSQL, ElastiCache Redis, secrets, backups bucket) and compute (ECR, ECS
// Fargate, ALB, WAF) stacks of ../cloudformation/, in one Stage named `Platform`; and, in a
// second Stage `OptionsStrategy`, the options-strategy platform's networking and security
// stacks.
//
// `./generate` runs it and writes each stack's template to ../cloudformation/cdk/, as
// `cdk synth` would (every resource carries its `aws:cdk:path`). Where a CDK default does
// not meet the platform's rules, the construct is configured (see README.md).
'use strict';

const path = require('path');
const fs = require('fs');
const cdk = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');
const ecr = require('aws-cdk-lib/aws-ecr');
const ecs = require('aws-cdk-lib/aws-ecs');
const elasticache = require('aws-cdk-lib/aws-elasticache');
const elbv2 = require('aws-cdk-lib/aws-elasticloadbalancingv2');
const iam = require('aws-cdk-lib/aws-iam');
const kms = require('aws-cdk-lib/aws-kms');
const logs = require('aws-cdk-lib/aws-logs');
const rds = require('aws-cdk-lib/aws-rds');
const s3 = require('aws-cdk-lib/aws-s3');
const secretsmanager = require('aws-cdk-lib/aws-secretsmanager');
const wafv2 = require('aws-cdk-lib/aws-wafv2');

const ENV = { account: '111122223333', region: 'eu-west-1' };
const AZS = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
const PROJECT = 'refplat';
const ENVIRONMENT = 'prod';
const VPC_CIDR = '10.2.0.0/16';
const APP_PORT = 8000;

/// A customer managed key: yearly rotation, the 30-day deletion window, kept on stack deletion.
function platformKey(scope, id, description) {
  return new kms.Key(scope, id, {
    description,
    enableKeyRotation: true,
    pendingWindow: cdk.Duration.days(30),
    removalPolicy: cdk.RemovalPolicy.RETAIN,
  });
}

/// A service principal whose trust is limited to this account (aws:SourceAccount).
function servicePrincipal(service, extra) {
  return new iam.PrincipalWithConditions(new iam.ServicePrincipal(service), {
    StringEquals: { 'aws:SourceAccount': ENV.account },
    ...(extra || {}),
  });
}

class NetworkStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(VPC_CIDR),
      availabilityZones: AZS,
      natGateways: 3,
      restrictDefaultSecurityGroup: false, // see README: its custom resource's Lambda role has no aws:SourceAccount
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
        { name: 'App', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
        { name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });
    // The CIDR plan of DESIGN.md (.1-.3 public, .11-.13 app, .21-.23 data), not CDK's
    // consecutive allocation.
    const tiers = [
      ['public', this.vpc.publicSubnets, 1],
      ['app', this.vpc.privateSubnets, 11],
      ['data', this.vpc.isolatedSubnets, 21],
    ];
    for (const [tier, subnets, first] of tiers) {
      subnets.forEach((subnet, i) => {
        subnet.node.defaultChild.cidrBlock = `10.2.${first + i}.0/24`;
        cdk.Tags.of(subnet).add('Tier', tier);
      });
    }

    // Flow logs of all traffic, to a log group under the network key.
    const key = platformKey(this, 'FlowLogsKey', 'refplat prod: VPC flow logs');
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogs',
        principals: [new iam.ServicePrincipal(`logs.${ENV.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${ENV.region}:${ENV.account}:log-group:*`,
          },
        },
      }),
    );
    const flowLogGroup = new logs.LogGroup(this, 'FlowLogGroup', {
      logGroupName: `/${PROJECT}/${ENVIRONMENT}/vpc-flow-logs`,
      encryptionKey: key,
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: cdk.RemovalPolicy.RETAIN,
    });
    const flowLogRole = new iam.Role(this, 'FlowLogRole', {
      assumedBy: servicePrincipal('vpc-flow-logs.amazonaws.com', {
        ArnLike: { 'aws:SourceArn': `arn:aws:ec2:${ENV.region}:${ENV.account}:vpc-flow-log/*` },
      }),
      description: 'VPC flow logs delivery to CloudWatch Logs',
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup, flowLogRole),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });

    // One ACL per tier. NACLs are stateless: the public and app ACLs admit the return range.
    const acl = (name, subnets) =>
      new ec2.NetworkAcl(this, `${name}Acl`, { vpc: this.vpc, subnetSelection: { subnets } });
    const entry = (nacl, id, props) => nacl.addEntry(id, props);
    const anywhere = ec2.AclCidr.anyIpv4();
    const vpcCidr = ec2.AclCidr.ipv4(VPC_CIDR);
    const inbound = ec2.TrafficDirection.INGRESS;
    const outbound = ec2.TrafficDirection.EGRESS;
    const allow = ec2.Action.ALLOW;

    const publicAcl = acl('Public', this.vpc.publicSubnets);
    entry(publicAcl, 'InHttps', { ruleNumber: 100, cidr: anywhere, traffic: ec2.AclTraffic.tcpPort(443), direction: inbound, ruleAction: allow });
    entry(publicAcl, 'InHttp', { ruleNumber: 110, cidr: anywhere, traffic: ec2.AclTraffic.tcpPort(80), direction: inbound, ruleAction: allow });
    entry(publicAcl, 'InReplies', { ruleNumber: 120, cidr: anywhere, traffic: ec2.AclTraffic.tcpPortRange(1024, 65535), direction: inbound, ruleAction: allow });
    entry(publicAcl, 'OutAll', { ruleNumber: 100, cidr: anywhere, traffic: ec2.AclTraffic.allTraffic(), direction: outbound, ruleAction: allow });

    const appAcl = acl('App', this.vpc.privateSubnets);
    entry(appAcl, 'InVpc', { ruleNumber: 100, cidr: vpcCidr, traffic: ec2.AclTraffic.allTraffic(), direction: inbound, ruleAction: allow });
    entry(appAcl, 'InReplies', { ruleNumber: 110, cidr: anywhere, traffic: ec2.AclTraffic.tcpPortRange(1024, 65535), direction: inbound, ruleAction: allow });
    entry(appAcl, 'OutVpc', { ruleNumber: 100, cidr: vpcCidr, traffic: ec2.AclTraffic.allTraffic(), direction: outbound, ruleAction: allow });
    entry(appAcl, 'OutHttps', { ruleNumber: 110, cidr: anywhere, traffic: ec2.AclTraffic.tcpPort(443), direction: outbound, ruleAction: allow });

    const dataAcl = acl('Data', this.vpc.isolatedSubnets);
    [11, 12, 13].forEach((octet, i) => {
      const app = ec2.AclCidr.ipv4(`10.2.${octet}.0/24`);
      entry(dataAcl, `InPostgresApp${i + 1}`, { ruleNumber: 100 + 10 * i, cidr: app, traffic: ec2.AclTraffic.tcpPort(5432), direction: inbound, ruleAction: allow });
      entry(dataAcl, `InRedisApp${i + 1}`, { ruleNumber: 200 + 10 * i, cidr: app, traffic: ec2.AclTraffic.tcpPort(6379), direction: inbound, ruleAction: allow });
      entry(dataAcl, `OutRepliesApp${i + 1}`, { ruleNumber: 100 + 10 * i, cidr: app, traffic: ec2.AclTraffic.tcpPortRange(1024, 65535), direction: outbound, ruleAction: allow });
    });

    // The tier security groups. Egress is declared in each group (`SecurityGroupEgress`),
    // through the escape hatch: only egress declared there replaces the allow-all rule EC2
    // gives a new group, while `addEgressRule` to another group writes a separate
    // AWS::EC2::SecurityGroupEgress and drops CDK's "disallow all traffic" placeholder
    // from the group; and the data tiers get the loopback rule the platform's rules read
    // as "no egress" (see README.md).
    const group = (id, tier, description) => {
      const sg = new ec2.SecurityGroup(this, id, { vpc: this.vpc, description, allowAllOutbound: false });
      cdk.Tags.of(sg).add('Tier', tier);
      return sg;
    };
    const egress = (sg, rules) => sg.node.defaultChild.addPropertyOverride('SecurityGroupEgress', rules);
    const toGroup = (peer, port, description) => ({
      IpProtocol: 'tcp', FromPort: port, ToPort: port, DestinationSecurityGroupId: peer.securityGroupId, Description: description,
    });
    const noEgress = [{ IpProtocol: '-1', CidrIp: '127.0.0.1/32', Description: 'No egress (replaces the default allow-all rule)' }];
    this.albSg = group('AlbSecurityGroup', 'alb', 'refplat prod: internet-facing load balancer');
    this.appSg = group('AppSecurityGroup', 'app', 'refplat prod: application tasks');
    this.rdsSg = group('RdsSecurityGroup', 'rds', 'refplat prod: PostgreSQL');
    this.redisSg = group('RedisSecurityGroup', 'redis', 'refplat prod: Redis');
    this.endpointsSg = group('EndpointsSecurityGroup', 'endpoints', 'refplat prod: VPC interface endpoints');

    this.albSg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS from the internet');
    this.albSg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'HTTP from the internet, redirected to HTTPS');
    egress(this.albSg, [toGroup(this.appSg, APP_PORT, 'Requests and health checks to the app tasks')]);
    this.appSg.addIngressRule(this.albSg, ec2.Port.tcp(APP_PORT), 'from the load balancer');
    egress(this.appSg, [
      toGroup(this.rdsSg, 5432, 'to PostgreSQL'),
      toGroup(this.redisSg, 6379, 'to Redis'),
      toGroup(this.endpointsSg, 443, 'to the VPC interface endpoints'),
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0', Description: 'HTTPS to external APIs through the NAT gateways, and to S3 through the gateway endpoint' },
    ]);
    this.rdsSg.addIngressRule(this.appSg, ec2.Port.tcp(5432), 'PostgreSQL from the application');
    egress(this.rdsSg, noEgress);
    this.redisSg.addIngressRule(this.appSg, ec2.Port.tcp(6379), 'Redis from the application');
    egress(this.redisSg, noEgress);
    this.endpointsSg.addIngressRule(this.appSg, ec2.Port.tcp(443), 'HTTPS from the application');
    egress(this.endpointsSg, noEgress);

    // Endpoints: the AWS APIs the tasks use, without the group CDK would open to the VPC.
    this.vpc.addGatewayEndpoint('S3Endpoint', {
      service: ec2.GatewayVpcEndpointAwsService.S3,
      subnets: [{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }],
    });
    const interfaces = {
      EcrApi: ec2.InterfaceVpcEndpointAwsService.ECR,
      EcrDocker: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
      Logs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
      SecretsManager: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
      Kms: ec2.InterfaceVpcEndpointAwsService.KMS,
      Sts: ec2.InterfaceVpcEndpointAwsService.STS,
    };
    for (const [name, service] of Object.entries(interfaces)) {
      this.vpc.addInterfaceEndpoint(`${name}Endpoint`, {
        service,
        subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        securityGroups: [this.endpointsSg],
        open: false,
        privateDnsEnabled: true,
      });
    }
  }
}

/// Another stack's security group, immutable there: every rule lives in the network stack,
/// where the whole traffic matrix is judged.
function importedGroup(scope, id, group) {
  return ec2.SecurityGroup.fromSecurityGroupId(scope, id, group.securityGroupId, {
    mutable: false,
    allowAllOutbound: false,
  });
}

class DataStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const { network } = props;
    const vpc = network.vpc;
    const key = platformKey(this, 'DataKey', 'refplat prod: RDS, ElastiCache, secrets and backups');
    this.key = key;

    const monitoringRole = new iam.Role(this, 'MonitoringRole', {
      assumedBy: servicePrincipal('monitoring.rds.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonRDSEnhancedMonitoringRole')],
      description: 'RDS Enhanced Monitoring',
    });
    const parameters = new rds.ParameterGroup(this, 'PostgresParameters', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16_4 }),
      description: 'refplat prod: PostgreSQL 16, TLS only',
      parameters: { 'rds.force_ssl': '1', ssl_min_protocol_version: 'TLSv1.2' },
    });
    this.database = new rds.DatabaseInstance(this, 'Database', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16_4 }),
      instanceType: new ec2.InstanceType('r6g.xlarge'),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [importedGroup(this, 'RdsSecurityGroup', network.rdsSg)],
      parameterGroup: parameters,
      databaseName: 'app',
      credentials: rds.Credentials.fromGeneratedSecret('postgres', { encryptionKey: key }),
      storageEncrypted: true,
      storageEncryptionKey: key,
      allocatedStorage: 100,
      maxAllocatedStorage: 1000,
      storageType: rds.StorageType.GP3,
      multiAz: true,
      publiclyAccessible: false,
      backupRetention: cdk.Duration.days(14),
      deletionProtection: true,
      removalPolicy: cdk.RemovalPolicy.SNAPSHOT,
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: key,
      monitoringInterval: cdk.Duration.seconds(60),
      monitoringRole,
      cloudwatchLogsExports: ['postgresql'],
      autoMinorVersionUpgrade: true,
      iamAuthentication: true,
      copyTagsToSnapshot: true,
    });
    cdk.Tags.of(this.database).add('Environment', ENVIRONMENT);

    // The application's credentials, injected into its tasks by ECS.
    this.appDatabaseSecret = new secretsmanager.Secret(this, 'AppDatabaseSecret', {
      description: 'refplat prod: the application database user',
      encryptionKey: key,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username: 'app' }),
        generateStringKey: 'password',
        excludePunctuation: true,
        passwordLength: 40,
      },
    });
    this.redisAuthSecret = new secretsmanager.Secret(this, 'RedisAuthSecret', {
      description: 'refplat prod: Redis AUTH token',
      encryptionKey: key,
      generateSecretString: { excludePunctuation: true, passwordLength: 64 },
    });

    const redisSubnets = new elasticache.CfnSubnetGroup(this, 'RedisSubnets', {
      description: 'refplat prod: data subnets',
      subnetIds: vpc.isolatedSubnets.map((s) => s.subnetId),
    });
    this.redis = new elasticache.CfnReplicationGroup(this, 'Redis', {
      replicationGroupDescription: 'refplat prod: sessions and cache',
      engine: 'redis',
      engineVersion: '7.1',
      cacheNodeType: 'cache.r7g.large',
      numCacheClusters: 3,
      automaticFailoverEnabled: true,
      multiAzEnabled: true,
      cacheSubnetGroupName: redisSubnets.ref,
      securityGroupIds: [network.redisSg.securityGroupId],
      atRestEncryptionEnabled: true,
      kmsKeyId: key.keyArn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      authToken: this.redisAuthSecret.secretValue.unsafeUnwrap(),
      port: 6379,
      snapshotRetentionLimit: 7,
    });

    const backups = new s3.Bucket(this, 'BackupsBucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      removalPolicy: cdk.RemovalPolicy.RETAIN,
    });
    cdk.Tags.of(backups).add('Environment', ENVIRONMENT);
  }
}

class ComputeStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const { network, data } = props;
    const vpc = network.vpc;
    const key = platformKey(this, 'AppKey', 'refplat prod: ECR images and application logs');
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogs',
        principals: [new iam.ServicePrincipal(`logs.${ENV.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${ENV.region}:${ENV.account}:log-group:*`,
          },
        },
      }),
    );
    const certificateArn = new cdk.CfnParameter(this, 'CertificateArn', {
      type: 'String',
      description: 'The ACM certificate of the HTTPS listener',
      default: `arn:aws:acm:${ENV.region}:${ENV.account}:certificate/00000000-0000-0000-0000-000000000000`,
    });
    const imageTag = new cdk.CfnParameter(this, 'ImageTag', { type: 'String', default: 'latest-release' });

    const repository = new ecr.Repository(this, 'Repository', {
      repositoryName: `${PROJECT}-${ENVIRONMENT}-app`,
      imageScanOnPush: true,
      imageTagMutability: ecr.TagMutability.IMMUTABLE,
      encryption: ecr.RepositoryEncryption.KMS,
      encryptionKey: key,
      removalPolicy: cdk.RemovalPolicy.RETAIN,
    });

    const cluster = new ecs.Cluster(this, 'Cluster', {
      clusterName: `${PROJECT}-${ENVIRONMENT}`,
      vpc,
      containerInsights: true,
    });
    const logGroup = new logs.LogGroup(this, 'AppLogGroup', {
      logGroupName: `/${PROJECT}/${ENVIRONMENT}/app`,
      encryptionKey: key,
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: cdk.RemovalPolicy.RETAIN,
    });

    const ecsTrust = () =>
      servicePrincipal('ecs-tasks.amazonaws.com', {
        ArnLike: { 'aws:SourceArn': `arn:aws:ecs:${ENV.region}:${ENV.account}:*` },
      });
    const executionRole = new iam.Role(this, 'TaskExecutionRole', {
      assumedBy: ecsTrust(),
      description: 'ECS: pull the image, write the log group, read the app secrets',
    });
    const taskRole = new iam.Role(this, 'TaskRole', {
      assumedBy: ecsTrust(),
      description: 'The application itself',
    });
    taskRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: { StringEquals: { 'cloudwatch:namespace': `${PROJECT}/${ENVIRONMENT}` } },
      }),
    );

    // The data stack's secrets, imported by ARN so that granting the execution role
    // leaves the data key's policy alone (the role's own policy decrypts through Secrets
    // Manager only).
    const appDatabaseSecret = secretsmanager.Secret.fromSecretCompleteArn(this, 'AppDatabaseSecret', data.appDatabaseSecret.secretArn);
    const redisAuthSecret = secretsmanager.Secret.fromSecretCompleteArn(this, 'RedisAuthSecret', data.redisAuthSecret.secretArn);
    executionRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [data.key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${ENV.region}.amazonaws.com` } },
      }),
    );

    const task = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      family: `${PROJECT}-${ENVIRONMENT}-app`,
      cpu: 1024,
      memoryLimitMiB: 2048,
      executionRole,
      taskRole,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.ARM64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    task.addVolume({ name: 'tmp' });
    const container = task.addContainer('app', {
      image: ecs.ContainerImage.fromEcrRepository(repository, imageTag.valueAsString),
      essential: true,
      privileged: false,
      readonlyRootFilesystem: true,
      user: '10001:10001',
      portMappings: [{ containerPort: APP_PORT, protocol: ecs.Protocol.TCP }],
      environment: {
        APP_ENV: ENVIRONMENT,
        DATABASE_HOST: data.database.dbInstanceEndpointAddress,
        REDIS_HOST: data.redis.attrPrimaryEndPointAddress,
      },
      secrets: {
        DATABASE_PASSWORD: ecs.Secret.fromSecretsManager(appDatabaseSecret, 'password'),
        REDIS_AUTH_TOKEN: ecs.Secret.fromSecretsManager(redisAuthSecret),
      },
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'app' }),
      linuxParameters: new ecs.LinuxParameters(this, 'LinuxParameters', { initProcessEnabled: true }),
    });
    container.linuxParameters.dropCapabilities(ecs.Capability.ALL);
    container.addMountPoints({ containerPath: '/tmp', sourceVolume: 'tmp', readOnly: false });

    const service = new ecs.FargateService(this, 'Service', {
      cluster,
      taskDefinition: task,
      desiredCount: 3,
      assignPublicIp: false,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [importedGroup(this, 'AppSecurityGroup', network.appSg)],
      circuitBreaker: { rollback: true },
      enableExecuteCommand: false,
    });

    // Access logs: Elastic Load Balancing writes only to SSE-S3 buckets.
    const albLogs = new s3.Bucket(this, 'AlbLogsBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      lifecycleRules: [{ expiration: cdk.Duration.days(365) }],
      removalPolicy: cdk.RemovalPolicy.RETAIN,
    });
    const alb = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroup: importedGroup(this, 'AlbSecurityGroup', network.albSg),
      dropInvalidHeaderFields: true,
      deletionProtection: true,
    });
    alb.logAccessLogs(albLogs, 'alb');
    const https = alb.addListener('Https', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      certificates: [elbv2.ListenerCertificate.fromArn(certificateArn.valueAsString)],
      open: false,
    });
    https.addTargets('App', {
      port: APP_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [service],
      healthCheck: { path: '/healthz' },
      deregistrationDelay: cdk.Duration.seconds(30),
    });
    alb.addListener('Http', {
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      open: false,
      defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
    });

    const webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: `${PROJECT}-${ENVIRONMENT}`, sampledRequestsEnabled: true },
      rules: [
        ['AWSManagedRulesCommonRuleSet', 10],
        ['AWSManagedRulesKnownBadInputsRuleSet', 20],
        ['AWSManagedRulesSQLiRuleSet', 30],
      ].map(([name, priority]) => ({
        name,
        priority,
        overrideAction: { none: {} },
        statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
        visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true },
      })).concat([
        {
          name: 'RateLimit',
          priority: 40,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: 2000, aggregateKeyType: 'IP' } },
          visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'RateLimit', sampledRequestsEnabled: true },
        },
      ]),
    });
    new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: alb.loadBalancerArn,
      webAclArn: webAcl.attrArn,
    });
  }
}

// --- the options-strategy platform's networking and security stacks --------------------
//
// A smaller platform of another document: a VPC with flow logs and production NACLs
// (public, application and database subnets in two zones), and the security groups of its
// load balancer, application, database, management (SSH from the corporate VPN only) and
// internal services, each letting out only what it needs.

const OS_CIDR = '10.30.0.0/16';
const CORPORATE_VPN = '198.51.100.0/24';

class OptionsNetworkStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(OS_CIDR),
      availabilityZones: AZS.slice(0, 2),
      natGateways: 2,
      restrictDefaultSecurityGroup: false,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
        { name: 'Application', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
        { name: 'Database', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });
    const tiers = [
      ['public', this.vpc.publicSubnets],
      ['app', this.vpc.privateSubnets],
      ['data', this.vpc.isolatedSubnets],
    ];
    for (const [tier, subnets] of tiers) {
      subnets.forEach((subnet) => cdk.Tags.of(subnet).add('Tier', tier));
    }

    const key = platformKey(this, 'FlowLogsKey', 'options-strategy prod: VPC flow logs');
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogs',
        principals: [new iam.ServicePrincipal(`logs.${ENV.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${ENV.region}:${ENV.account}:log-group:*` },
        },
      }),
    );
    const group = new logs.LogGroup(this, 'FlowLogGroup', {
      logGroupName: '/options-strategy/prod/vpc-flow-logs',
      encryptionKey: key,
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: cdk.RemovalPolicy.RETAIN,
    });
    const role = new iam.Role(this, 'FlowLogRole', {
      assumedBy: servicePrincipal('vpc-flow-logs.amazonaws.com', {
        ArnLike: { 'aws:SourceArn': `arn:aws:ec2:${ENV.region}:${ENV.account}:vpc-flow-log/*` },
      }),
      description: 'VPC flow logs delivery to CloudWatch Logs',
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(group, role),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });

    // Production NACLs: the public subnets take HTTPS and the replies to what they open;
    // the application subnets the VPC and replies; the database subnets PostgreSQL from the
    // application subnets only, answering only them.
    const anywhere = ec2.AclCidr.anyIpv4();
    const vpcCidr = ec2.AclCidr.ipv4(OS_CIDR);
    const { INGRESS, EGRESS } = ec2.TrafficDirection;
    const allow = ec2.Action.ALLOW;
    const acl = (name, subnets, entries) => {
      const nacl = new ec2.NetworkAcl(this, `${name}Acl`, { vpc: this.vpc, subnetSelection: { subnets } });
      for (const [id, ruleNumber, cidr, traffic, direction] of entries) {
        nacl.addEntry(id, { ruleNumber, cidr, traffic, direction, ruleAction: allow });
      }
    };
    acl('Public', this.vpc.publicSubnets, [
      ['InHttps', 100, anywhere, ec2.AclTraffic.tcpPort(443), INGRESS],
      ['InReplies', 110, anywhere, ec2.AclTraffic.tcpPortRange(1024, 65535), INGRESS],
      ['OutAll', 100, anywhere, ec2.AclTraffic.allTraffic(), EGRESS],
    ]);
    acl('Application', this.vpc.privateSubnets, [
      ['InVpc', 100, vpcCidr, ec2.AclTraffic.allTraffic(), INGRESS],
      ['InReplies', 110, anywhere, ec2.AclTraffic.tcpPortRange(1024, 65535), INGRESS],
      ['OutVpc', 100, vpcCidr, ec2.AclTraffic.allTraffic(), EGRESS],
      ['OutHttps', 110, anywhere, ec2.AclTraffic.tcpPort(443), EGRESS],
    ]);
    const appSubnets = this.vpc.privateSubnets.map((s, i) => [i, s.ipv4CidrBlock]);
    acl('Database', this.vpc.isolatedSubnets, appSubnets.flatMap(([i]) => {
      const app = ec2.AclCidr.ipv4(`10.30.${2 + i}.0/24`);
      return [
        [`InPostgresApp${i + 1}`, 100 + 10 * i, app, ec2.AclTraffic.tcpPort(5432), INGRESS],
        [`OutRepliesApp${i + 1}`, 100 + 10 * i, app, ec2.AclTraffic.tcpPortRange(1024, 65535), EGRESS],
      ];
    }));
  }
}

class OptionsSecurityStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const vpc = props.network.vpc;
    const group = (id, description) => new ec2.SecurityGroup(this, id, { vpc, description, allowAllOutbound: false });
    const egress = (sg, rules) => sg.node.defaultChild.addPropertyOverride('SecurityGroupEgress', rules);
    const toGroup = (peer, port, description) => ({
      IpProtocol: 'tcp', FromPort: port, ToPort: port, DestinationSecurityGroupId: peer.securityGroupId, Description: description,
    });
    const noEgress = [{ IpProtocol: '-1', CidrIp: '127.0.0.1/32', Description: 'No egress (replaces the default allow-all rule)' }];
    const https = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0', Description: 'HTTPS to AWS APIs and market-data providers through NAT' };

    const alb = group('AlbSecurityGroup', 'options-strategy prod: internet-facing load balancer');
    const app = group('ApplicationSecurityGroup', 'options-strategy prod: strategy engine');
    const db = group('DatabaseSecurityGroup', 'options-strategy prod: PostgreSQL');
    const mgmt = group('ManagementSecurityGroup', 'options-strategy prod: management hosts');
    const internal = group('InternalSecurityGroup', 'options-strategy prod: internal services');

    alb.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS from the internet');
    egress(alb, [toGroup(app, 8080, 'Requests and health checks to the strategy engine')]);
    app.addIngressRule(alb, ec2.Port.tcp(8080), 'from the load balancer');
    app.addIngressRule(mgmt, ec2.Port.tcp(22), 'SSH from the management hosts');
    egress(app, [
      toGroup(db, 5432, 'to PostgreSQL'),
      toGroup(internal, 8443, 'to the internal services'),
      https,
    ]);
    db.addIngressRule(app, ec2.Port.tcp(5432), 'PostgreSQL from the strategy engine');
    db.addIngressRule(mgmt, ec2.Port.tcp(5432), 'PostgreSQL from the management hosts (migrations)');
    egress(db, noEgress);
    mgmt.addIngressRule(ec2.Peer.ipv4(CORPORATE_VPN), ec2.Port.tcp(22), 'SSH from the corporate VPN');
    egress(mgmt, [
      toGroup(app, 22, 'SSH to the strategy engine'),
      toGroup(db, 5432, 'PostgreSQL for migrations'),
      https,
    ]);
    internal.addIngressRule(app, ec2.Port.tcp(8443), 'from the strategy engine');
    egress(internal, noEgress);
  }
}

function build() {
  const app = new cdk.App({
    analyticsReporting: false,
    context: {
      // What the cdk CLI sets for `cdk synth`: each resource's construct path in its Metadata.
      'aws:cdk:enable-path-metadata': true,
      // Feature flags of a project `cdk init` creates that matter here.
      '@aws-cdk/core:enablePartitionLiterals': true,
      '@aws-cdk/aws-iam:minimizePolicies': true,
      '@aws-cdk/core:target-partitions': ['aws'],
    },
  });
  const stage = new cdk.Stage(app, 'Platform', { env: ENV });
  const network = new NetworkStack(stage, 'Network', { stackName: `${PROJECT}-${ENVIRONMENT}-network` });
  const data = new DataStack(stage, 'Data', { stackName: `${PROJECT}-${ENVIRONMENT}-data`, network });
  new ComputeStack(stage, 'Compute', { stackName: `${PROJECT}-${ENVIRONMENT}-compute`, network, data });
  const options = new cdk.Stage(app, 'OptionsStrategy', { env: ENV });
  const optionsNetwork = new OptionsNetworkStack(options, 'Network', { stackName: 'options-strategy-prod-network' });
  new OptionsSecurityStack(options, 'Security', { stackName: 'options-strategy-prod-security', network: optionsNetwork });
  return { app, stages: [['', stage], ['options-strategy-', options]] };
}

// `node app.js OUTDIR`: synthesize and write OUTDIR/<stack>.template.json, one per stack,
// indented as `cdk synth` writes them.
if (require.main === module) {
  const outdir = process.argv[2];
  if (!outdir) {
    console.error('usage: node app.js OUTDIR');
    process.exit(2);
  }
  const { stages } = build();
  fs.mkdirSync(outdir, { recursive: true });
  for (const [prefix, stage] of stages) {
    const assembly = stage.synth();
    for (const stack of assembly.stacks) {
      const name = stack.id.replace(/^(Platform|OptionsStrategy)/, '').replace(/[A-F0-9]{8}$/, '').toLowerCase();
      const file = path.join(outdir, `${prefix}${name}.template.json`);
      fs.writeFileSync(file, JSON.stringify(stack.template, null, 1) + '\n');
      console.log(`${file}: ${Object.keys(stack.template.Resources || {}).length} resources`);
    }
  }
}

module.exports = { build };
