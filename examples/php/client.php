<?php
// The shop's web tier hands slow work to Gearman workers (pecl gearman extension).
// Hover a function name for its live queue and workers; F12 jumps to the worker code.

$client = new GearmanClient();
$client->addServer('127.0.0.1', 4730);

// Foreground: the page waits for the answer.
$lines = $client->doNormal('count_lines', file_get_contents(__DIR__ . '/../lines.txt'));
if ($client->returnCode() !== GEARMAN_SUCCESS) {
    throw new RuntimeException('count_lines failed: ' . $client->error());
}

// Background: a thumbnail, at most once per upload (the third argument is the unique id).
$upload = ['source' => 'uploads/cat.jpg', 'width' => 320, 'height' => 240];
$client->doBackground('resize_image', json_encode($upload), 'thumb-cat-320');

// worker.php registers send_invoice, but no worker for it is running: a warning.
$client->doHighBackground('send_invoice', json_encode(['order' => 1042]));

// A typo: no worker serves 'resize_imgae', so these jobs wait forever (see the Servers view).
$client->doBackground('resize_imgae', json_encode(['source' => 'uploads/dog.jpg', 'width' => 320]));
