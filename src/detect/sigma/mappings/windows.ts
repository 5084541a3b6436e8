/**
 * Which Windows events each Sigma log source stands for, as data. Follows SigmaHQ's own
 * mapping (tests/thor.yml in the rule repository) and pySigma's Windows pipelines: a service
 * is a set of channels; a category is a set of event ids within a service, optionally with a
 * field condition and field renames (Security 4688 names `Image` `NewProcessName`).
 */

export interface ServiceMapping {
  service: string;
  channels: readonly string[];
}

export interface CategoryMapping {
  category: string;
  service: string;
  eventIds: readonly number[];
  /** Field values the event must also have (Sysmon 12 is `registry_add` only for CreateKey). */
  where?: Readonly<Record<string, string>>;
  /** Sigma field name -> the name this source uses. */
  fieldMap?: Readonly<Record<string, string>>;
}

export const WINDOWS_SERVICES: readonly ServiceMapping[] = [
  { service: 'security', channels: ['Security'] },
  { service: 'system', channels: ['System'] },
  { service: 'application', channels: ['Application'] },
  { service: 'sysmon', channels: ['Microsoft-Windows-Sysmon/Operational'] },
  {
    service: 'powershell',
    channels: ['Microsoft-Windows-PowerShell/Operational', 'PowerShellCore/Operational'],
  },
  { service: 'powershell-classic', channels: ['Windows PowerShell'] },
  { service: 'ntlm', channels: ['Microsoft-Windows-NTLM/Operational'] },
  { service: 'taskscheduler', channels: ['Microsoft-Windows-TaskScheduler/Operational'] },
  { service: 'wmi', channels: ['Microsoft-Windows-WMI-Activity/Operational'] },
  { service: 'dhcp', channels: ['Microsoft-Windows-DHCP-Server/Operational'] },
  { service: 'printservice-admin', channels: ['Microsoft-Windows-PrintService/Admin'] },
  { service: 'printservice-operational', channels: ['Microsoft-Windows-PrintService/Operational'] },
  { service: 'smbclient-security', channels: ['Microsoft-Windows-SmbClient/Security'] },
  { service: 'smbclient-connectivity', channels: ['Microsoft-Windows-SmbClient/Connectivity'] },
  { service: 'smbserver-connectivity', channels: ['Microsoft-Windows-SMBServer/Connectivity'] },
  {
    service: 'terminalservices-localsessionmanager',
    channels: ['Microsoft-Windows-TerminalServices-LocalSessionManager/Operational'],
  },
  {
    service: 'codeintegrity-operational',
    channels: ['Microsoft-Windows-CodeIntegrity/Operational'],
  },
  {
    service: 'applocker',
    channels: [
      'Microsoft-Windows-AppLocker/MSI and Script',
      'Microsoft-Windows-AppLocker/EXE and DLL',
      'Microsoft-Windows-AppLocker/Packaged app-Deployment',
      'Microsoft-Windows-AppLocker/Packaged app-Execution',
    ],
  },
  { service: 'msexchange-management', channels: ['MSExchange Management'] },
  { service: 'windefend', channels: ['Microsoft-Windows-Windows Defender/Operational'] },
  {
    service: 'firewall-as',
    channels: ['Microsoft-Windows-Windows Firewall With Advanced Security/Firewall'],
  },
  { service: 'bits-client', channels: ['Microsoft-Windows-Bits-Client/Operational'] },
  {
    service: 'security-mitigations',
    channels: [
      'Microsoft-Windows-Security-Mitigations/Kernel Mode',
      'Microsoft-Windows-Security-Mitigations/User Mode',
    ],
  },
  { service: 'diagnosis-scripted', channels: ['Microsoft-Windows-Diagnosis-Scripted/Operational'] },
  { service: 'shell-core', channels: ['Microsoft-Windows-Shell-Core/Operational'] },
  { service: 'openssh', channels: ['OpenSSH/Operational'] },
  { service: 'ldap', channels: ['Microsoft-Windows-LDAP-Client/Debug'] },
  { service: 'bitlocker', channels: ['Microsoft-Windows-BitLocker/BitLocker Management'] },
  { service: 'vhdmp', channels: ['Microsoft-Windows-VHDMP/Operational'] },
  {
    service: 'appxdeployment-server',
    channels: ['Microsoft-Windows-AppXDeploymentServer/Operational'],
  },
  { service: 'lsa-server', channels: ['Microsoft-Windows-LSA/Operational'] },
  { service: 'appxpackaging-om', channels: ['Microsoft-Windows-AppxPackaging/Operational'] },
  { service: 'dns-client', channels: ['Microsoft-Windows-DNS Client Events/Operational'] },
  { service: 'dns-server', channels: ['DNS Server'] },
  { service: 'dns-server-analytic', channels: ['Microsoft-Windows-DNSServer/Analytical'] },
  { service: 'appmodel-runtime', channels: ['Microsoft-Windows-AppModel-Runtime/Admin'] },
  { service: 'capi2', channels: ['Microsoft-Windows-CAPI2/Operational'] },
  {
    service: 'certificateservicesclient-lifecycle-system',
    channels: ['Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational'],
  },
  {
    service: 'kernel-shimengine',
    channels: [
      'Microsoft-Windows-Kernel-ShimEngine/Operational',
      'Microsoft-Windows-Kernel-ShimEngine/Diagnostic',
    ],
  },
  {
    service: 'application-experience',
    channels: [
      'Microsoft-Windows-Application-Experience/Program-Telemetry',
      'Microsoft-Windows-Application-Experience/Program-Compatibility-Assistant',
    ],
  },
  { service: 'ntfs', channels: ['Microsoft-Windows-Ntfs/Operational'] },
  { service: 'hyper-v-worker', channels: ['Microsoft-Windows-Hyper-V-Worker'] },
  { service: 'kernel-event-tracing', channels: ['Microsoft-Windows-Kernel-EventTracing'] },
  { service: 'sense', channels: ['Microsoft-Windows-SENSE/Operational'] },
  {
    service: 'microsoft-servicebus-client',
    channels: ['Microsoft-ServiceBus-Client/Admin', 'Microsoft-ServiceBus-Client/Operational'],
  },
  { service: 'iis-configuration', channels: ['Microsoft-IIS-Configuration/Operational'] },
  {
    service: 'driver-framework',
    channels: ['Microsoft-Windows-DriverFrameworks-UserMode/Operational'],
  },
];

const sysmon = (category: string, eventIds: number[], where?: Record<string, string>) =>
  ({ category, service: 'sysmon', eventIds, ...(where ? { where } : {}) }) as CategoryMapping;

/**
 * Security 4688 under Sysmon's names. The process ids of 4688 are hexadecimal while Sysmon's
 * are decimal, so rules comparing ids will not match across the two; none in SigmaHQ do.
 */
const SECURITY_4688_FIELDS: Readonly<Record<string, string>> = {
  Image: 'NewProcessName',
  ParentImage: 'ParentProcessName',
  ProcessId: 'NewProcessId',
  ParentProcessId: 'ProcessId',
  User: 'SubjectUserName',
  LogonId: 'SubjectLogonId',
};

export const WINDOWS_CATEGORIES: readonly CategoryMapping[] = [
  sysmon('process_creation', [1]),
  {
    category: 'process_creation',
    service: 'security',
    eventIds: [4688],
    fieldMap: SECURITY_4688_FIELDS,
  },
  sysmon('file_change', [2]),
  sysmon('network_connection', [3]),
  sysmon('sysmon_status', [4, 16]),
  sysmon('process_termination', [5]),
  sysmon('driver_load', [6]),
  sysmon('image_load', [7]),
  sysmon('create_remote_thread', [8]),
  sysmon('raw_access_thread', [9]),
  sysmon('process_access', [10]),
  sysmon('file_event', [11]),
  sysmon('registry_event', [12, 13, 14]),
  sysmon('registry_add', [12], { EventType: 'CreateKey' }),
  sysmon('registry_delete', [12], { EventType: 'DeleteKey' }),
  sysmon('registry_delete', [12], { EventType: 'DeleteValue' }),
  sysmon('registry_set', [13]),
  sysmon('registry_rename', [14]),
  sysmon('create_stream_hash', [15]),
  sysmon('pipe_created', [17, 18]),
  sysmon('wmi_event', [19, 20, 21]),
  sysmon('dns_query', [22]),
  sysmon('file_delete', [23]),
  sysmon('clipboard_change', [24]),
  sysmon('process_tampering', [25]),
  sysmon('file_delete_detected', [26]),
  sysmon('file_block_executable', [27]),
  sysmon('file_block_shredding', [28]),
  sysmon('file_executable_detected', [29]),
  sysmon('sysmon_error', [255]),
  { category: 'ps_module', service: 'powershell', eventIds: [4103] },
  { category: 'ps_script', service: 'powershell', eventIds: [4104] },
  { category: 'ps_classic_start', service: 'powershell-classic', eventIds: [400] },
  { category: 'ps_classic_provider_start', service: 'powershell-classic', eventIds: [600] },
  { category: 'ps_classic_script', service: 'powershell-classic', eventIds: [800] },
  {
    category: 'antivirus',
    service: 'windefend',
    eventIds: [1006, 1007, 1008, 1009, 1010, 1011, 1012, 1017, 1018, 1019, 1115, 1116],
    fieldMap: { Signature: 'ThreatName', Filename: 'Path' },
  },
];
