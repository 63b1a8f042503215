console.log('ltx-jobs');
