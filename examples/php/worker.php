<?php
// The PHP worker process: `php worker.php` (pecl gearman extension).

function resize_image(GearmanJob $job): string
{
    $request = json_decode($job->workload(), true);
    $job->sendStatus(1, 2);
    // ... resize $request['source'] to $request['width'] x $request['height'] ...
    $job->sendStatus(2, 2);
    return json_encode(['ok' => true, 'source' => $request['source']]);
}

$worker = new GearmanWorker();
$worker->addServer('127.0.0.1', 4730);
$worker->setId('php-worker');

$worker->addFunction('resize_image', 'resize_image');
$worker->addFunction('send_invoice', function (GearmanJob $job) {
    $order = json_decode($job->workload(), true);
    // ... render the invoice for $order['order'] and mail it ...
    return 'sent';
});

while ($worker->work()) {
    if ($worker->returnCode() !== GEARMAN_SUCCESS) {
        fwrite(STDERR, 'worker error: ' . $worker->error() . PHP_EOL);
        break;
    }
}
