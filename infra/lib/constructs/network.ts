import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { checkIntegerRange } from '../props';

export interface NetworkProps {
  /** Availability zones (default 2, the least RDS and an ALB accept). */
  readonly maxAzs?: number;
  /** Days VPC flow logs are kept (default 30). */
  readonly flowLogRetention?: logs.RetentionDays;
}

/**
 * A VPC without NAT gateways (no idle hourly cost): public subnets for the load balancer and
 * tasks that pull images, isolated subnets for the database; flow logs to CloudWatch Logs.
 */
export class Network extends Construct {
  readonly vpc: ec2.Vpc;

  constructor(scope: Construct, id: string, props: NetworkProps = {}) {
    super(scope, id);
    checkIntegerRange('Network', 'maxAzs', props.maxAzs, 2, 6);
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: props.maxAzs ?? 2,
      natGateways: 0,
      // The default security group's rules are removed by a custom-resource Lambda; the stack
      // stays plain CloudFormation (no assets) and nothing uses the default group.
      restrictDefaultSecurityGroup: false,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });
    const flowLogs = new logs.LogGroup(this, 'FlowLogs', {
      retention: props.flowLogRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs),
      trafficType: ec2.FlowLogTrafficType.REJECT,
    });
  }
}
